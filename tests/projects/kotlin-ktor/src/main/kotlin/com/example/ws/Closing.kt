package com.example.ws

import io.ktor.websocket.CloseReason
import io.ktor.websocket.DefaultWebSocketSession
import io.ktor.websocket.close

suspend fun DefaultWebSocketSession.closeWith(code: Short, message: String = "") {
    close(CloseReason(code, message))
}

suspend fun DefaultWebSocketSession.deny(code: Short) = closeWith(code, "denied")

suspend fun kick(session: DefaultWebSocketSession, reason: String, code: Short) {
    session.closeWith(code, reason)
}
