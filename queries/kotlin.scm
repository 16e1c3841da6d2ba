; Close sites in Kotlin: Ktor (io.ktor.websocket), the Kotlin/JS browser WebSocket, and the
; Java libraries called from Kotlin (OkHttp, Java-WebSocket, Spring, Jetty, Jakarta, Vert.x,
; Helidon, Micronaut, Quarkus, nv-websocket-client; their constants come from
; src/libraries/java.toml, `libraries = ["java"]` in src/languages.toml). Capture names are
; explained in ARCHITECTURE.md. A candidate becomes a site only when its code resolves to a
; number and one of its `api` libraries has evidence (@lib.*) in the file.
;
; Receive-side code (`closeReason.await()?.code == 1006.toShort()`), `close()` without
; arguments (streams, channels, `HttpClient.close()`), `cancel()` are never sites.
; Named arguments (`CloseReason(code = …, message = …)`) are not read; `4001.toShort()` is read
; only as the code of Vert.x's `close` and of Ktor's `CloseReason`.

; ---------------------------------------------------------------- close reasons built in place

; Ktor `close(CloseReason(CloseReason.Codes.VIOLATED_POLICY, "bad token"))`,
; `session.close(CloseReason(4001, "expired"))`, `outgoing.send(Frame.Close(CloseReason(...)))`;
; Jakarta's `session.close(CloseReason(CloseReason.CloseCodes.X, "…"))` has the same shape (the
; constant's qualifier tells them apart). Only a reason built as the argument of `close(...)` or
; `Frame.Close(...)` counts: a CloseReason built elsewhere may only report a close locally.
((call_expression
  [(identifier) @_m (navigation_expression . (_) . (identifier) @_m .)]
  (value_arguments
    . (value_argument
      . (call_expression
        (identifier) @_f (#eq? @_f "CloseReason")
        [
          (value_arguments
            . (value_argument . (_) @close.code .)
            . (value_argument . (_) @close.reason .) .)
          (value_arguments . (value_argument . (_) @close.code .) .)
        ]) @close.call .) .))
  (#any-of? @_m "close" "Close" "closeAndAwait")
  (#not-match? @close.code "\\.toShort\\(\\)$")
  (#set! api "ktor jakarta micronaut quarkus"))

; Spring `session.close(CloseStatus(4001, "expired"))` / `CloseStatus(4001)` and
; `session.close(CloseStatus.POLICY_VIOLATION.withReason("bad token"))`.
((call_expression
  [(identifier) @_m (navigation_expression . (_) . (identifier) @_m .)]
  (value_arguments
    . (value_argument
      . (call_expression
        (identifier) @_f (#eq? @_f "CloseStatus")
        [
          (value_arguments . (value_argument . (_) @close.code .) .)
          (value_arguments . (value_argument . (_) @close.code .) . (value_argument . (_) @close.reason .) .)
        ]) @close.call .) .))
  (#eq? @_m "close")
  (#set! api "spring jetty"))
((call_expression
  [(identifier) @_m (navigation_expression . (_) . (identifier) @_m .)]
  (value_arguments
    . (value_argument
      . (call_expression
        (navigation_expression
          . (navigation_expression) @close.code
          . (identifier) @_w (#eq? @_w "withReason") .)
        (value_arguments . (value_argument . (_) @close.reason .) .)) @close.call .) .))
  (#eq? @_m "close")
  (#set! api "spring"))

; The session a built reason goes to: `session.close(CloseReason(...))`,
; `outgoing.send(Frame.Close(CloseReason(...)))` is not followed.
(call_expression
  (navigation_expression
    . (_) @close.receiver
    . (identifier) @_m (#eq? @_m "close") .)
  (value_arguments
    . (value_argument
      . [
        (call_expression (identifier) @_f (#any-of? @_f "CloseReason" "CloseStatus"))
        (call_expression
          (navigation_expression . (_) . (identifier) @_w (#eq? @_w "withReason") .))
      ] @close.call .) .))

; ---------------------------------------------------------------- close(code[, reason])

; OkHttp `webSocket.close(1000, "bye")`, Java-WebSocket `conn.close(CloseFrame.NORMAL)`,
; Jetty `session.close(StatusCode.NORMAL, "bye")`, Spring `session.close(CloseStatus.NORMAL)`.
; The code must be a number or a constant; `close` is everywhere, so the file must use one of
; these libraries.
; Without a receiver, `close(CloseFrame.NORMAL)` in a WebSocketClient subclass closes itself.
((call_expression
  . [
    (identifier) @_m
    (navigation_expression . (_) @close.receiver . (identifier) @_m .)
  ]
  (value_arguments
    . (value_argument . [(number_literal) (navigation_expression) (identifier) (parenthesized_expression)] @close.code .))) @close.call
  (#eq? @_m "close")
  (#set! api "java-websocket okhttp jetty spring helidon micronaut quarkus kotlin-browser"))

; Vert.x from Kotlin: `ws.close(1008.toShort(), "bad")` (WebSocketBase.close(statusCode: Short,
; reason: String?)), and Ktor's `CloseReason(4001.toShort(), "expired")`: the number before
; `.toShort()` is the code.
((call_expression
  (navigation_expression . (_) @close.receiver . (identifier) @_m .)
  (value_arguments
    . (value_argument
      . (call_expression
        (navigation_expression . (number_literal) @close.code . (identifier) @_s .)
        (value_arguments)) .)
    . (value_argument . (_) @close.reason .)?)) @close.call
  (#eq? @_m "close")
  (#eq? @_s "toShort")
  (#set! api "vertx"))
((call_expression
  [(identifier) @_m (navigation_expression . (_) . (identifier) @_m .)]
  (value_arguments
    . (value_argument
      . (call_expression
        (identifier) @_f (#eq? @_f "CloseReason")
        (value_arguments
          . (value_argument
            . (call_expression
              (navigation_expression . (number_literal) @close.code . (identifier) @_s .)
              (value_arguments)) .)
          . (value_argument . (_) @close.reason .)?)) @close.call .) .))
  (#any-of? @_m "close" "Close")
  (#eq? @_s "toShort")
  (#set! api "ktor"))

; OkHttp's internal `writer!!.writeClose(1001, reason)` (WebSocketWriter.writeClose(code: Int,
; reason: ByteString?)); code 0 writes a Close frame without a status code.
((call_expression
  (navigation_expression . (_) @close.receiver . (identifier) @_m .)
  (value_arguments
    . (value_argument . [(number_literal) (navigation_expression) (identifier)] @close.code .)
    . (value_argument) .)) @close.call
  (#eq? @_m "writeClose")
  (#not-eq? @close.code "0")
  (#set! api "okhttp"))

; nv-websocket-client from Kotlin: `ws.sendClose(WebSocketCloseCode.NORMAL, "bye")`,
; `ws.disconnect(WebSocketCloseCode.AWAY, "bye", 500)`.
((call_expression
  (navigation_expression . (_) @close.receiver . (identifier) @_m .)
  (value_arguments
    . (value_argument . [(number_literal) (navigation_expression) (identifier)] @close.code .)
    . (value_argument . (_) @close.reason .)?)) @close.call
  (#any-of? @_m "sendClose" "disconnect")
  (#set! api "nv-websocket"))
((call_expression
  . [
    (identifier) @_m
    (navigation_expression . (_) . (identifier) @_m .)
  ]
  (value_arguments
    . (value_argument . [(number_literal) (navigation_expression) (identifier) (parenthesized_expression)] .)
    . (value_argument . (_) @close.reason .))) @close.call
  (#eq? @_m "close"))

; ---------------------------------------------------------------- library evidence

((import) @lib.ktor
  (#match? @lib.ktor "^import\\s+io\\.ktor\\.(websocket|server\\.websocket|client\\.plugins\\.websocket|http\\.cio\\.websocket)"))
((import) @lib.okhttp
  (#match? @lib.okhttp "^import\\s+okhttp3(\\.|$)"))
((import) @lib.java-websocket
  (#match? @lib.java-websocket "^import\\s+org\\.java_websocket(\\.|$)"))
((import) @lib.spring
  (#match? @lib.spring "^import\\s+org\\.springframework\\.web\\.(reactive\\.)?socket(\\.|$)"))
((import) @lib.jetty
  (#match? @lib.jetty "^import\\s+org\\.eclipse\\.jetty\\.(ee\\d+\\.)?websocket(\\.|$)"))
((import) @lib.jakarta
  (#match? @lib.jakarta "^import\\s+(jakarta|javax)\\.websocket(\\.|$)"))
((import) @lib.vertx
  (#match? @lib.vertx "^import\\s+io\\.vertx\\.(core|kotlin\\.core|reactivex\\.core|rxjava3\\.core|mutiny\\.core)\\.http(\\.|$)"))
((import) @lib.nv-websocket
  (#match? @lib.nv-websocket "^import\\s+com\\.neovisionaries\\.ws\\.client(\\.|$)"))
((import) @lib.helidon
  (#match? @lib.helidon "^import\\s+io\\.helidon\\.(websocket|webserver\\.websocket|webclient\\.websocket)(\\.|$)"))
((import) @lib.micronaut
  (#match? @lib.micronaut "^import\\s+io\\.micronaut\\.websocket(\\.|$)"))
((import) @lib.quarkus
  (#match? @lib.quarkus "^import\\s+io\\.quarkus\\.websockets\\.next(\\.|$)"))
; Kotlin/JS: the browser's `org.w3c.dom.WebSocket`.
((import) @lib.kotlin-browser
  (#match? @lib.kotlin-browser "^import\\s+org\\.w3c\\.dom\\.(WebSocket|\\*)"))
((package_header) @lib.okhttp
  (#match? @lib.okhttp "^package\\s+okhttp3(\\.|$)"))
((package_header) @lib.ktor
  (#match? @lib.ktor "^package\\s+io\\.ktor\\.(websocket|server\\.websocket|client\\.plugins\\.websocket)"))

; ---------------------------------------------------------------- roles

; Ktor: `webSocket("/ws") { ... }` inside `routing { }` is a server route; the client's
; `client.webSocket(...)`, `client.ws(...)`, `client.wss(...)` dial out. The block that
; follows holds the session.
; With arguments, the trailing lambda's call wraps the call with the arguments.
((call_expression
  . [
    (identifier) @_f
    (call_expression . (identifier) @_f)
  ]
  . (annotated_lambda)) @role.server
  (#any-of? @_f "webSocket" "webSocketRaw"))
((call_expression
  . [
    (navigation_expression . (_) . (identifier) @_f .)
    (call_expression . (navigation_expression . (_) . (identifier) @_f .))
  ]) @role.client
  (#any-of? @_f "webSocket" "webSocketRaw" "ws" "wss" "webSocketSession"))

; Types that name the side: Ktor's session types, Java-WebSocket's WebSocketServer /
; WebSocketClient, Spring's handler registry and clients, Vert.x's ServerWebSocket, Helidon's
; WsClient, and Micronaut's `@ServerWebSocket` / `@ClientWebSocket` (an annotation's type is a
; user_type too).
((user_type . (identifier) @role.server)
  (#match? @role.server "^(DefaultWebSocketServerSession|WebSocketServerSession|WebSocketServer|WebSocketHandlerRegistry|WebSocketConfigurer|TextWebSocketHandler|BinaryWebSocketHandler|ServerEndpointConfig|ServerWebSocket|WebSocketConnectionCallback)$"))
((user_type . (identifier) @role.client)
  (#match? @role.client "^(DefaultClientWebSocketSession|ClientWebSocketSession|WebSocketClient|StandardWebSocketClient|ReactorNettyWebSocketClient|WebSocketContainer|ClientWebSocket|WsClient)$"))
(call_expression
  (navigation_expression
    . (_)
    . (identifier) @_f (#any-of? @_f "newWebSocket" "connectToServer") .)) @role.client

; `val ws = client.newWebSocket(request, listener)`: the variable a marked call is assigned to.
(property_declaration
  (variable_declaration . (identifier) @bind)
  (call_expression) @bind.value)

; ---------------------------------------------------------------- scopes and constants

[
  (class_declaration)
  (object_declaration)
  (function_declaration)
  (lambda_literal)
  (anonymous_function)
] @scope

; `const val EXPIRED: Short = 4001` (top level or in an object).
(property_declaration
  (modifiers (property_modifier "const"))
  (variable_declaration . (identifier) @const.name)
  (number_literal) @const.value)

; ---------------------------------------------------------------- received codes (hover)
; `reason.code == 1006.toShort()`, `code == CloseReason.Codes.GOING_AWAY.code`,
; `when (code) { 1001 -> … }`.

(binary_expression
  left: [(navigation_expression . (_) . (identifier) @_p .) (identifier) @_p]
  right: (call_expression (navigation_expression . (number_literal) @read.code . (identifier) @_s .))
  (#match? @_p "^(code|closeCode|statusCode)$")
  (#eq? @_s "toShort"))
(binary_expression
  left: [(navigation_expression . (_) . (identifier) @_p .) (identifier) @_p]
  right: (number_literal) @read.code
  (#match? @_p "^(code|closeCode|statusCode)$"))
(when_expression
  (when_subject [(navigation_expression . (_) . (identifier) @_p .) (identifier) @_p])
  (when_entry condition: (number_literal) @read.code)
  (#match? @_p "^(code|closeCode|statusCode)$"))

; ---------------------------------------------------------------- own code
; The package the file declares (`packages` in the library tables): a library's own code.
(package_header (qualified_identifier) @module.name)
