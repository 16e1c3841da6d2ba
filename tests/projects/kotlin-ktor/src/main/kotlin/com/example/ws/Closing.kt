package com.example.ws

import io.ktor.websocket.CloseReason
import io.ktor.websocket.DefaultWebSocketSession
import io.ktor.websocket.close

suspend fun closeWith(session: DefaultWebSocketSession, code: Short, message: String = "") {
    session.close(CloseReason(code, message))
}

suspend fun DefaultWebSocketSession.deny(code: Short) = closeWith(this, code, "denied")

suspend fun kick(session: DefaultWebSocketSession, reason: String, code: Short) {
    closeWith(session, code, reason)
}

suspend fun DefaultWebSocketSession.closeBecause(code: Short, message: String) {
    close(CloseReason(code, message))
}
