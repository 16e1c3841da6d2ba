package com.example.ws

import com.example.ws.CloseCodes as Codes
import io.ktor.server.routing.Routing
import io.ktor.server.websocket.webSocket
import io.ktor.websocket.CloseReason
import io.ktor.websocket.close
import kotlinx.coroutines.delay

fun Routing.chat() {
    webSocket("/chat") {
        val token = call.request.queryParameters["token"]
        if (token == null) {
            close(CloseReason(CloseCodes.AUTH_FAILED, "no token"))
            return@webSocket
        }
        if (token.isEmpty()) {
            close(CloseReason(Codes.KICKED, "kicked"))
        }
        close(CloseReason(BANNED, "banned"))
        close(CloseReason(Limits.TOO_MANY, "too many"))
        close(CloseReason(AppCloseCode.SERVER_RESTART.code, "restart"))
        closeWith(this, 4002, "bad message")
        closeWith(this, CloseCodes.AUTH_FAILED, "expired")
        closeWith(this, message = "slow down", code = AppCloseCode.RATE_LIMITED.code)
        deny(4006)
        kick(this, "kicked", Limits.TOO_MANY)
        close(CloseReason(GONE, "gone"))
        delay(CloseCodes.TIMEOUT)
        val closed = closeReason.await()
        if (closed?.code == CloseCodes.AUTH_FAILED) {
            delay(CloseCodes.TIMEOUT)
        }
    }
}
