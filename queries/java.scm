; Close sites in Java: Jakarta/javax WebSocket, Spring, Jetty, Java-WebSocket, OkHttp, the
; JDK's java.net.http.WebSocket, Netty, Undertow, nv-websocket-client, Vert.x, Helidon,
; Micronaut and Quarkus. Capture names are explained in ARCHITECTURE.md. A candidate becomes
; a site only when its code resolves to a number and one of its `api` libraries has evidence
; (@lib.*) in the file, or the call's shape alone names the library.
;
; Receive-side code (`reason.getCloseCode().getCode() == 1006`, `@OnClose`, `status.equals(
; CloseStatus.NORMAL)`) is never a site, and neither is a `close()` without arguments
; (`Socket`, streams, `Session.close()` without a reason).

; ---------------------------------------------------------------- close reasons built in place

; Jakarta `session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "bad token"))`
; and `session.close(new CloseReason(CloseCodes.getCloseCode(4001), "expired"))`. Only a reason
; built as the argument of `close(...)` counts: containers also build CloseReasons to report a
; close to the local endpoint (Tomcat's `new CloseReason(CLOSED_ABNORMALLY, ...)`), which puts
; nothing on the wire.
; Micronaut `session.close(new CloseReason(4001, "expired"))` and Quarkus `connection.close(new
; CloseReason(1008, "bad"))` / `closeAndAwait(new CloseReason(4001))` have the same shape.
((method_invocation
  name: (identifier) @_m (#any-of? @_m "close" "closeAndAwait")
  arguments: (argument_list
    . (object_creation_expression
      type: [(type_identifier) @_t (scoped_type_identifier (type_identifier) @_t .)]
      arguments: [
        (argument_list . (_) @close.code .)
        (argument_list . (_) @close.code . (_) @close.reason .)
      ]) @close.call .))
  (#eq? @_t "CloseReason")
  (#set! api "jakarta micronaut quarkus"))

; Spring `session.close(new CloseStatus(4001, "expired"))` / `new CloseStatus(4001)`, and Jetty
; 9's `org.eclipse.jetty.websocket.api.CloseStatus` of the same shape; only as the argument of
; `close(...)`: Spring's own constants are `new CloseStatus(1005)` too.
((method_invocation
  name: (identifier) @_m (#eq? @_m "close")
  arguments: (argument_list
    . (object_creation_expression
      type: [(type_identifier) @_t (scoped_type_identifier (type_identifier) @_t .)]
      arguments: [
        (argument_list . (_) @close.code .)
        (argument_list . (_) @close.code . (_) @close.reason .)
      ]) @close.call .))
  (#eq? @_t "CloseStatus")
  (#set! api "spring jetty"))

; Spring `session.close(CloseStatus.POLICY_VIOLATION.withReason("bad token"))`.
((method_invocation
  name: (identifier) @_c (#eq? @_c "close")
  arguments: (argument_list
    . (method_invocation
      object: (field_access) @close.code
      name: (identifier) @_w (#eq? @_w "withReason")
      arguments: (argument_list . (_) @close.reason .)) @close.call .))
  (#set! api "spring"))

; Netty `new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION)`,
; `new CloseWebSocketFrame(1008, "reason")` and `new CloseWebSocketFrame(true, 0, 1008,
; "reason")` (finalFragment, rsv, statusCode, reasonText). Netty's own name; the frame is
; then written (`ctx.writeAndFlush(frame)`, `handshaker.close(channel, frame)`).
((object_creation_expression
  type: [(type_identifier) @_t (scoped_type_identifier (type_identifier) @_t .)]
  arguments: [
    (argument_list . [(field_access) (decimal_integer_literal) (hex_integer_literal) (identifier) (method_invocation)] @close.code .)
    (argument_list . [(field_access) (decimal_integer_literal) (hex_integer_literal) (identifier) (method_invocation)] @close.code . (_) @close.reason .)
    (argument_list . [(true) (false)] . (_) . (_) @close.code . (_) @close.reason .)
  ]) @close.call
  (#eq? @_t "CloseWebSocketFrame")
  (#set! api "netty")
  (#set! evidence "self"))

; The session or socket a built reason or frame goes to: `session.close(new CloseReason(...))`,
; `session.close(CloseStatus.X.withReason(...))`, `ctx.writeAndFlush(new CloseWebSocketFrame(...))`.
(method_invocation
  object: (_) @close.receiver
  name: (identifier) @_m (#any-of? @_m "close" "closeAndAwait" "writeAndFlush" "write")
  arguments: (argument_list
    [
      (object_creation_expression
        type: [(type_identifier) @_t (scoped_type_identifier (type_identifier) @_t .)]
        (#any-of? @_t "CloseReason" "CloseStatus" "CloseWebSocketFrame"))
      (method_invocation name: (identifier) @_w (#eq? @_w "withReason"))
    ] @close.call))

; ---------------------------------------------------------------- close(code[, reason[, callback]])

; Java-WebSocket `conn.close(CloseFrame.POLICY_VALIDATION, "bad token")` / `conn.close(1000)`,
; OkHttp `webSocket.close(1000, "bye")`, Jetty `session.close(StatusCode.NORMAL, "bye")`
; (Jetty 12 adds a callback), Spring `session.close(CloseStatus.POLICY_VIOLATION)`. `close` is
; everywhere, so the file must use one of these libraries (@lib.* below), and the code must be
; a number or one of their constants.
; Without a receiver, `close(CloseStatus.NORMAL)` is a session closing itself (Spring's own
; session classes).
((method_invocation
  object: (_)? @close.receiver
  name: (identifier) @_m (#any-of? @_m "close" "closeAndAwait")
  arguments: (argument_list . (_) @close.code)) @close.call
  (#not-match? @close.code "^\\(\\s*short\\s*\\)")
  (#set! api "java-websocket okhttp jetty spring helidon micronaut quarkus"))
((method_invocation
  name: (identifier) @_m (#eq? @_m "close")
  arguments: (argument_list . (_) . (_) @close.reason)) @close.call)

; The JDK client: `webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye")`.
((method_invocation
  object: (_) @close.receiver
  name: (identifier) @_m (#eq? @_m "sendClose")
  arguments: (argument_list . (_) @close.code . (_) @close.reason .)) @close.call
  (#set! api "jdk-websocket nv-websocket"))

; Vert.x `ws.close((short) 1008, "bad token")` / `ws.close((short) 4001)` (with a handler in
; Vert.x 3): its close takes a `short`, so the code is cast. Also Helidon 4 `session.close(
; WsCloseCodes.VIOLATED_POLICY, "bad token")` and Micronaut / Quarkus `session.close(
; CloseReason.POLICY_VIOLATION)`, whose code comes through the close(code…) patterns above.
((method_invocation
  object: (_) @close.receiver
  name: (identifier) @_m (#eq? @_m "close")
  arguments: (argument_list
    . (cast_expression type: (integral_type) @_t value: (_) @close.code)
    . (_)? @close.reason)) @close.call
  (#eq? @_t "short")
  (#set! api "vertx"))

; nv-websocket-client `ws.sendClose(WebSocketCloseCode.VIOLATED)`, `ws.disconnect(1000, "bye")`
; and `ws.disconnect(WebSocketCloseCode.AWAY, "bye", 500)` (a close delay in milliseconds).
; `disconnect` is a common name: the file must import the library and the code resolve.
((method_invocation
  object: (_) @close.receiver
  name: (identifier) @_m (#any-of? @_m "sendClose" "disconnect")
  arguments: [
    (argument_list . [(field_access) (decimal_integer_literal) (hex_integer_literal) (identifier)] @close.code .)
    (argument_list . [(field_access) (decimal_integer_literal) (hex_integer_literal) (identifier)] @close.code . (_) @close.reason .)
    (argument_list . [(field_access) (decimal_integer_literal) (hex_integer_literal) (identifier)] @close.code . (_) @close.reason . (_) .)
  ]) @close.call
  (#set! api "nv-websocket"))

; nv-websocket-client frames built by hand: `WebSocketFrame.createCloseFrame(1008, "bad")`
; and `frame.setCloseFramePayload(1008, "bad")`, then sent with `ws.sendFrame(frame)`.
((method_invocation
  name: (identifier) @_m (#any-of? @_m "createCloseFrame" "setCloseFramePayload")
  arguments: (argument_list . (_) @close.code . (_)? @close.reason .)) @close.call
  (#set! api "nv-websocket"))

; Undertow `WebSockets.sendClose(CloseMessage.MSG_VIOLATES_POLICY, "bad", channel, callback)`
; and `WebSockets.sendCloseBlocking(1000, "bye", channel)`: static methods, the channel third.
((method_invocation
  object: (identifier) @_o (#eq? @_o "WebSockets")
  name: (identifier) @_m (#any-of? @_m "sendClose" "sendCloseBlocking")
  arguments: (argument_list
    . [(field_access) (decimal_integer_literal) (hex_integer_literal) (identifier)] @close.code
    . (_) @close.reason
    . (_) @close.receiver)) @close.call
  (#set! api "undertow"))

; Undertow `new CloseMessage(CloseMessage.GOING_AWAY, "bye")`, sent by `WebSockets.sendClose(
; message, channel, callback)`; the one-argument constructor parses a received frame.
((object_creation_expression
  type: [(type_identifier) @_t (scoped_type_identifier (type_identifier) @_t .)]
  arguments: (argument_list . (_) @close.code . (_) @close.reason .)) @close.call
  (#eq? @_t "CloseMessage")
  (#set! api "undertow"))
(method_invocation
  object: (identifier) @_o (#eq? @_o "WebSockets")
  name: (identifier) @_m (#any-of? @_m "sendClose" "sendCloseBlocking")
  arguments: (argument_list
    . (object_creation_expression
        type: [(type_identifier) @_t (scoped_type_identifier (type_identifier) @_t .)]
        (#eq? @_t "CloseMessage")) @close.call
    . (_) @close.receiver))

; Java-WebSocket `frame.setCode(CloseFrame.GOING_AWAY)` on a CloseFrame built by hand, and
; OkHttp's internal `writer.writeClose(1001, reason)` (code 0 writes a Close frame without a
; status code). `setCode` is common (HTTP responses, error objects), so only Java-WebSocket's
; constants and four-digit literals count.
((method_invocation
  object: (_) @close.receiver
  name: (identifier) @_m (#eq? @_m "setCode")
  arguments: (argument_list . [(field_access) (decimal_integer_literal)] @close.code .)) @close.call
  (#match? @close.code "^(CloseFrame\\.[A-Z_0-9]+|[0-9]{4})$")
  (#set! api "java-websocket"))
((method_invocation
  object: (_) @close.receiver
  name: (identifier) @_m (#eq? @_m "writeClose")
  arguments: (argument_list . (_) @close.code . (_) .)) @close.call
  (#not-eq? @close.code "0")
  (#set! api "okhttp"))

; Tomcat's WsSession writes the code of its Close frame into the payload itself:
; `msg.putShort((short) CloseCodes.PROTOCOL_ERROR.getCode())`. `putShort` is every ByteBuffer's,
; so only Jakarta's CloseCodes count.
((method_invocation
  object: (_) @close.receiver
  name: (identifier) @_m (#eq? @_m "putShort")
  arguments: (argument_list
    . (cast_expression
        value: (method_invocation object: (field_access) @close.code name: (identifier) @_g)) .)) @close.call
  (#eq? @_g "getCode")
  (#match? @close.code "^(CloseReason\\.)?CloseCodes\\.[A-Z_]+$")
  (#set! api "jakarta"))

; ---------------------------------------------------------------- library evidence

; An import, or the package the file belongs to (the libraries' own code and forks).
((import_declaration) @lib.jakarta
  (#match? @lib.jakarta "^import\\s+(static\\s+)?(jakarta|javax)\\.websocket[.;\\s]"))
((import_declaration) @lib.spring
  (#match? @lib.spring "^import\\s+(static\\s+)?org\\.springframework\\.web\\.(reactive\\.)?socket[.;\\s]"))
((import_declaration) @lib.jetty
  (#match? @lib.jetty "^import\\s+(static\\s+)?org\\.eclipse\\.jetty\\.(ee\\d+\\.)?websocket[.;\\s]"))
((import_declaration) @lib.java-websocket
  (#match? @lib.java-websocket "^import\\s+(static\\s+)?org\\.java_websocket[.;\\s]"))
((import_declaration) @lib.okhttp
  (#match? @lib.okhttp "^import\\s+(static\\s+)?okhttp3[.;\\s]"))
((import_declaration) @lib.jdk-websocket
  (#match? @lib.jdk-websocket "^import\\s+(static\\s+)?java\\.net\\.http\\.(WebSocket|\\*)"))
((import_declaration) @lib.netty
  (#match? @lib.netty "^import\\s+(static\\s+)?io\\.netty\\.handler\\.codec\\.http\\.websocketx[.;\\s]"))
((import_declaration) @lib.undertow
  (#match? @lib.undertow "^import\\s+(static\\s+)?io\\.undertow\\.websockets[.;\\s]"))
((import_declaration) @lib.nv-websocket
  (#match? @lib.nv-websocket "^import\\s+(static\\s+)?com\\.neovisionaries\\.ws\\.client[.;\\s]"))
((import_declaration) @lib.vertx
  (#match? @lib.vertx "^import\\s+(static\\s+)?io\\.vertx\\.(core|reactivex\\.core|rxjava3\\.core|mutiny\\.core)\\.http[.;\\s]"))
((import_declaration) @lib.helidon
  (#match? @lib.helidon "^import\\s+(static\\s+)?io\\.helidon\\.(websocket|webserver\\.websocket|webclient\\.websocket)[.;\\s]"))
((import_declaration) @lib.micronaut
  (#match? @lib.micronaut "^import\\s+(static\\s+)?io\\.micronaut\\.websocket[.;\\s]"))
((import_declaration) @lib.quarkus
  (#match? @lib.quarkus "^import\\s+(static\\s+)?io\\.quarkus\\.websockets\\.next[.;\\s]"))
((package_declaration) @lib.jakarta
  (#match? @lib.jakarta "^package\\s+(jakarta|javax)\\.websocket"))
((package_declaration) @lib.spring
  (#match? @lib.spring "^package\\s+org\\.springframework\\.web\\.(reactive\\.)?socket"))
((package_declaration) @lib.jetty
  (#match? @lib.jetty "^package\\s+org\\.eclipse\\.jetty\\.(ee\\d+\\.)?websocket"))
((package_declaration) @lib.java-websocket
  (#match? @lib.java-websocket "^package\\s+org\\.java_websocket"))
((package_declaration) @lib.okhttp
  (#match? @lib.okhttp "^package\\s+okhttp3"))
((package_declaration) @lib.undertow
  (#match? @lib.undertow "^package\\s+io\\.undertow\\.websockets"))
((package_declaration) @lib.nv-websocket
  (#match? @lib.nv-websocket "^package\\s+com\\.neovisionaries\\.ws\\.client"))

; ---------------------------------------------------------------- roles

; Jakarta: `@ServerEndpoint("/chat")` / `@ClientEndpoint` on the class;
; `container.connectToServer(...)` dials out.
; Micronaut `@ServerWebSocket("/chat")` / `@ClientWebSocket`; Quarkus `@WebSocket(path = "/chat")`
; / `@WebSocketClient(path = "/chat")` (Jetty's `@WebSocket` takes no path: both sides use it).
((annotation name: [(identifier) (scoped_identifier)] @_a) @role.server
  (#match? @_a "(^|\\.)(ServerEndpoint|ServerWebSocket)$"))
((marker_annotation name: [(identifier) (scoped_identifier)] @_a) @role.client
  (#match? @_a "(^|\\.)(ClientEndpoint|ClientWebSocket)$"))
((annotation name: [(identifier) (scoped_identifier)] @_a) @role.client
  (#match? @_a "(^|\\.)(ClientEndpoint|ClientWebSocket|WebSocketClient)$"))
((annotation
  name: [(identifier) (scoped_identifier)] @_a
  arguments: (annotation_argument_list (element_value_pair key: (identifier) @_k))) @role.server
  (#match? @_a "(^|\\.)WebSocket$")
  (#eq? @_k "path"))

; Types that name the side: Java-WebSocket `extends WebSocketServer` / `WebSocketClient`,
; Jakarta `ServerEndpointConfig`, Spring's handler registry and clients, Jetty's
; `JettyWebSocketServlet` / `WebSocketClient`, Netty's protocol handlers and handshakers,
; Vert.x `ServerWebSocket`, Undertow's `WebSocketConnectionCallback`, Helidon's `WsClient`.
((type_identifier) @role.server
  (#match? @role.server "^(WebSocketServer|ServerEndpointConfig|WebSocketHandlerRegistry|WebSocketConfigurer|TextWebSocketHandler|BinaryWebSocketHandler|JettyWebSocketServlet|JettyWebSocketCreator|WebSocketServlet|WebSocketServerProtocolHandler|WebSocketServerHandshaker[0-9]*|WebSocketServerHandshakerFactory|ServerWebSocket|WebSocketConnectionCallback|WebSocketProtocolHandshakeHandler)$"))
((type_identifier) @role.client
  (#match? @role.client "^(WebSocketClient|StandardWebSocketClient|ReactorNettyWebSocketClient|WebSocketContainer|WebSocketClientProtocolHandler|WebSocketClientHandshaker[0-9]*|WebSocketClientHandshakerFactory|WsClient)$"))
(method_invocation
  name: (identifier) @_f (#any-of? @_f "connectToServer" "newWebSocket" "newWebSocketBuilder")) @role.client

; ---------------------------------------------------------------- local variables
; Every assignment of a local variable, for a code held in one (`WebSocketCloseStatus status =
; WebSocketCloseStatus.ENDPOINT_UNAVAILABLE; … new CloseWebSocketFrame(status)`): a variable
; assigned two values in its method resolves to no code.
[
  (local_variable_declaration
    declarator: (variable_declarator name: (identifier) @local.name value: (_) @local.value))
  (assignment_expression left: (identifier) @local.name right: (_) @local.value)
]

; ---------------------------------------------------------------- scopes and constants

[
  (class_declaration)
  (method_declaration)
  (constructor_declaration)
  (lambda_expression)
] @scope

; `static final int POLICY = 1008;` in a class.
(field_declaration
  (modifiers "static" "final")
  declarator: (variable_declarator
    name: (identifier) @const.name
    value: [(decimal_integer_literal) (hex_integer_literal)] @const.value))

; ---------------------------------------------------------------- received codes (hover)
; `reason.getCloseCode().getCode() == 1006`, `code == CloseFrame.ABNORMAL_CLOSE`,
; `status.getCode() == 1001`, `case 1001:` in a switch on a code.

(binary_expression
  left: [(method_invocation name: (identifier) @_p) (identifier) @_p (field_access field: (identifier) @_p)]
  right: [(decimal_integer_literal) (field_access)] @read.code
  (#match? @_p "^(getCode|code|statusCode|getStatusCode|closeCode)$"))
(switch_expression
  condition: (parenthesized_expression
    [(method_invocation name: (identifier) @_p) (identifier) @_p (field_access field: (identifier) @_p)])
  body: (switch_block
    [(switch_block_statement_group (switch_label [(decimal_integer_literal) (field_access)] @read.code))
     (switch_rule (switch_label [(decimal_integer_literal) (field_access)] @read.code))])
  (#match? @_p "^(getCode|code|statusCode|getStatusCode|closeCode)$"))

; ---------------------------------------------------------------- own code
; The package the file declares: inside a library's own packages (`packages` in
; src/libraries/java.toml) its constants need no qualifier and its own shapes count.
(package_declaration [(scoped_identifier) (identifier)] @module.name)

; ---------------------------------------------------------------- compared, not sent
; A frame built as an argument of an equality assertion is what a test expects to receive
; (`assertEquals(closeMessage, new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))`),
; not a close: no candidate inside one is a site.
((method_invocation
  name: (identifier) @_assert
  arguments: (argument_list) @compared)
  (#match? @_assert "^assert(Equals|NotEquals|Same|NotSame)$"))
