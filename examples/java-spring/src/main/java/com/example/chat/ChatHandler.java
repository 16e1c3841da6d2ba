package com.example.chat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/** Chat rooms over Spring WebSocket: one handler, registered at /chat. */
@Configuration
@EnableWebSocket
public class ChatHandler extends TextWebSocketHandler implements WebSocketConfigurer {
    private static final int TOKEN_EXPIRED = 4001;
    private static final Duration HEARTBEAT = Duration.ofSeconds(30);

    private final Map<String, WebSocketSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(this, "/chat").setAllowedOrigins("https://chat.example.com");
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        Object user = session.getAttributes().get("user");
        if (user == null) {
            session.close(CloseStatus.POLICY_VIOLATION.withReason("login required"));
            return;
        }
        if (Boolean.TRUE.equals(session.getAttributes().get("expired"))) {
            session.close(new CloseStatus(TOKEN_EXPIRED, "token expired"));
            return;
        }
        sessions.put(session.getId(), session);
        lastSeen.put(session.getId(), Instant.now());
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
        lastSeen.put(session.getId(), Instant.now());
        if (message.getPayloadLength() > 64 * 1024) {
            session.close(CloseStatus.TOO_BIG_TO_PROCESS);
            return;
        }
        for (WebSocketSession peer : sessions.values()) {
            if (peer.isOpen()) {
                peer.sendMessage(message);
            }
        }
    }

    @Scheduled(fixedRate = 10_000)
    public void dropSilentPeers() throws IOException {
        Instant cutoff = Instant.now().minus(HEARTBEAT);
        for (WebSocketSession session : sessions.values()) {
            if (lastSeen.getOrDefault(session.getId(), Instant.EPOCH).isBefore(cutoff)) {
                // The heartbeat timed out: "no close frame" is what the peer will see anyway.
                session.close(CloseStatus.NO_CLOSE_FRAME);
            }
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        sessions.remove(session.getId());
        lastSeen.remove(session.getId());
        if (status.getCode() == 1006) {
            System.err.println("peer vanished: " + session.getId());
        }
    }
}
