package com.example.ws;

public enum AppCloseCode {
    RATE_LIMITED(4029, "slow down"),
    SERVER_RESTART(4100, "restarting");

    private final int code;
    private final String reason;

    AppCloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int getCode() {
        return code;
    }
}
