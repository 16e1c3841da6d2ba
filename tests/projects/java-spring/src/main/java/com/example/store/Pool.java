package com.example.store;

/** Not a WebSocket: a pool with its own close(code). */
public class Pool {
    private int closedWith;

    public void close(int code) {
        this.closedWith = code;
    }
}
