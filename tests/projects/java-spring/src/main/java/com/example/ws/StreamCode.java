package com.example.ws;

/** HTTP/2-style reset codes: small numbers, not close codes. */
public enum StreamCode {
    NO_ERROR(0),
    CANCEL(8);

    private final int code;

    StreamCode(int code) {
        this.code = code;
    }
}
