package com.example.ws;

import java.io.IOException;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

public final class SessionCloser {
    private SessionCloser() {}

    public static void closeWith(WebSocketSession session, int code, String reason) throws IOException {
        session.close(new CloseStatus(code, reason));
    }

    public static void closeQuietly(WebSocketSession session, CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException ignored) {
            // already closed
        }
    }

    public static void reject(WebSocketSession session, int code) throws IOException {
        closeWith(session, code, "rejected");
    }
}
