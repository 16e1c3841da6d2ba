package com.example

import io.ktor.server.application.Application
import io.ktor.server.application.install
import io.ktor.server.engine.embeddedServer
import io.ktor.server.netty.Netty
import io.ktor.server.routing.routing
import io.ktor.server.websocket.WebSockets
import io.ktor.server.websocket.webSocket
import io.ktor.websocket.CloseReason
import io.ktor.websocket.Frame
import io.ktor.websocket.close
import io.ktor.websocket.readText
import java.util.concurrent.ConcurrentHashMap

fun main() {
    embeddedServer(Netty, port = 8080, module = Application::quotes).start(wait = true)
}

fun Application.quotes() {
    install(WebSockets)
    val subscribers = ConcurrentHashMap.newKeySet<String>()
    routing {
        webSocket("/quotes") {
            val apiKey = call.request.queryParameters["key"]
            if (apiKey == null) {
                // Mirrors the REST API's 401.
                close(CloseReason(401, "unauthorized"))
                return@webSocket
            }
            if (!subscribers.add(apiKey)) {
                close(CloseReason(CloseReason.Codes.VIOLATED_POLICY, "one connection per key"))
                return@webSocket
            }
            try {
                for (frame in incoming) {
                    val symbol = (frame as? Frame.Text)?.readText() ?: continue
                    if (symbol.length > 12) {
                        close(CloseReason(CloseReason.Codes.CANNOT_ACCEPT, "bad symbol"))
                        break
                    }
                    outgoing.send(Frame.Text("$symbol: 42.0"))
                }
            } finally {
                subscribers.remove(apiKey)
            }
        }
    }
}
