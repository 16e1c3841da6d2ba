package com.example.ws

import io.ktor.server.websocket.DefaultWebSocketServerSession

suspend fun DefaultWebSocketServerSession.evict() {
    closeBecause(4011, "evicted")
    closeBecause(Limits.TOO_MANY, "too many")
}
