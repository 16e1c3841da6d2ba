package com.example.ws;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

public class ChatHandler extends TextWebSocketHandler {
    private ScheduledExecutorService scheduler;

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
        if (message.getPayload().isEmpty()) {
            session.close(new CloseStatus(CloseCodes.AUTH_FAILED, "no token"));
            return;
        }
        if (message.getPayload().length() > 4096) {
            session.close(new CloseStatus(Codes.BANNED));
            return;
        }
        SessionCloser.closeWith(session, 4002, "bad message");
        SessionCloser.closeWith(session, CloseCodes.AUTH_FAILED, "expired");
        SessionCloser.reject(session, AppCloseCode.RATE_LIMITED.getCode());
        SessionCloser.closeWith(session, CloseCodes.KICKED, "kicked");
        SessionCloser.closeQuietly(session, CloseStatus.POLICY_VIOLATION);
    }

    public void restart(WebSocketSession session) throws IOException {
        session.close(new CloseStatus(AppCloseCode.SERVER_RESTART.getCode(), "restart"));
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
        if (status.getCode() == CloseCodes.AUTH_FAILED) {
            scheduler.schedule(() -> {}, CloseCodes.TIMEOUT, TimeUnit.MILLISECONDS);
        }
        Thread.sleep(CloseCodes.TIMEOUT);
    }
}
