package com.example.ws;

public final class CloseCodes {
    public static final int AUTH_FAILED = 4001;
    public static final int TIMEOUT = 1000;
    static final short KICKED = (short) 4005;

    private CloseCodes() {}
}
