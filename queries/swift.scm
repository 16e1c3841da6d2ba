; Close sites in Swift: URLSessionWebSocketTask (Foundation), Starscream, SwiftNIO's
; WebSocketErrorCode, Vapor's websocket-kit and Hummingbird WebSocket. Capture names are explained in ARCHITECTURE.md.
; A candidate becomes a site only when its code resolves to a number and one of its `api`
; libraries has evidence (@lib.*) in the file.
;
; Swift names arguments, so the label picks the code: `cancel(with:reason:)`,
; `disconnect(closeCode:)`, `close(code:)`, `write(webSocketErrorCode:)`.

; ---------------------------------------------------------------- close calls

; task.cancel(with: .goingAway, reason: data): URLSessionWebSocketTask (client only). An
; application code is `CloseCode(rawValue: 4001)!`: the code is what the `!` unwraps.
((call_expression
  (navigation_expression
    target: (_) @close.receiver
    suffix: (navigation_suffix suffix: (simple_identifier) @_m (#eq? @_m "cancel")))
  (call_suffix
    (value_arguments
      (value_argument
        name: (value_argument_label (simple_identifier) @_l (#eq? @_l "with"))
        value: [
          (prefix_expression) @close.code
          (navigation_expression) @close.code
          (call_expression) @close.code
          (simple_identifier) @close.code
          (integer_literal) @close.code
          (hex_literal) @close.code
          (postfix_expression target: (_) @close.code operation: (bang))
        ])))) @close.call
  (#set! api "urlsession"))

; socket.disconnect(closeCode: CloseCode.normal.rawValue) / disconnect(closeCode: 4001):
; Starscream takes a UInt16, so its enum is spelled with `.rawValue`; the code is the case.
((call_expression
  (navigation_expression
    target: (_) @close.receiver
    suffix: (navigation_suffix suffix: (simple_identifier) @_m (#eq? @_m "disconnect")))
  (call_suffix
    (value_arguments
      (value_argument
        name: (value_argument_label (simple_identifier) @_l (#eq? @_l "closeCode"))
        value: [
          (navigation_expression
            target: (_) @close.code
            suffix: (navigation_suffix suffix: (simple_identifier) @_rv (#eq? @_rv "rawValue")))
          (integer_literal) @close.code
          (hex_literal) @close.code
          (simple_identifier) @close.code
          (prefix_expression) @close.code
        ])))) @close.call
  (#set! api "starscream"))

; ws.close(code: .policyViolation) / close(code:promise:): websocket-kit (Vapor), whose codes
; are SwiftNIO's WebSocketErrorCode; buffer.write(webSocketErrorCode: .protocolError) writes a
; Close frame's body in plain SwiftNIO.
((call_expression
  (navigation_expression
    target: (_) @close.receiver
    suffix: (navigation_suffix suffix: (simple_identifier) @_m (#any-of? @_m "close" "write")))
  (call_suffix
    (value_arguments
      (value_argument
        name: (value_argument_label (simple_identifier) @_l (#any-of? @_l "code" "webSocketErrorCode"))
        value: (_) @close.code)))) @close.call
  (#set! api "nio"))

; Hummingbird `try await outbound.close(.policyViolation, reason: "bad token")`
; (WebSocketOutboundWriter.close(_ closeCode: WebSocketErrorCode, reason: String?)): the code
; is unlabelled, so the `reason:` label that follows it is required.
((call_expression
  (navigation_expression
    target: (_) @close.receiver
    suffix: (navigation_suffix suffix: (simple_identifier) @_m (#eq? @_m "close")))
  (call_suffix
    (value_arguments
      . (value_argument !name value: (_) @close.code)
      . (value_argument
        name: (value_argument_label (simple_identifier) @_l (#eq? @_l "reason"))
        value: (_) @close.reason) .))) @close.call
  (#set! api "nio"))
; The reason: `reason: "bye".data(using: .utf8)` (URLSession) or `reason: "bye"`.
(call_expression
  (navigation_expression
    suffix: (navigation_suffix suffix: (simple_identifier) @_m (#eq? @_m "cancel")))
  (call_suffix
    (value_arguments
      (value_argument
        name: (value_argument_label (simple_identifier) @_l (#eq? @_l "reason"))
        value: (_) @close.reason)))) @close.call

; ---------------------------------------------------------------- library evidence

((import_declaration (identifier) @_m) @lib.urlsession
  (#any-of? @_m "Foundation" "FoundationNetworking"))
((import_declaration (identifier) @_m) @lib.starscream
  (#eq? @_m "Starscream"))
((import_declaration (identifier) @_m) @lib.nio
  (#any-of? @_m "NIOWebSocket" "WebSocketKit" "Vapor" "HummingbirdWebSocket" "HummingbirdWSCore" "HummingbirdWSClient"))

; ---------------------------------------------------------------- roles

; Vapor: app.webSocket("path") { req, ws in ... } hands the closure server-side sockets;
; WebSocket.connect(to: url, on: eventLoop) { ws in ... } is a client.
((call_expression
  (navigation_expression
    suffix: (navigation_suffix suffix: (simple_identifier) @_m (#eq? @_m "webSocket")))
  (call_suffix (lambda_literal))) @role.server)
((call_expression
  (navigation_expression
    target: (simple_identifier) @_c (#eq? @_c "WebSocket")
    suffix: (navigation_suffix suffix: (simple_identifier) @_m (#eq? @_m "connect")))) @role.client)
; Hummingbird: `router.ws("path") { inbound, outbound, context in ... }` serves;
; `WebSocketClient.connect(url: ...)` dials out.
((call_expression
  (navigation_expression
    suffix: (navigation_suffix suffix: (simple_identifier) @_m (#eq? @_m "ws")))
  (call_suffix (lambda_literal))) @role.server)
((call_expression
  (navigation_expression
    target: (simple_identifier) @_c (#eq? @_c "WebSocketClient")
    suffix: (navigation_suffix suffix: (simple_identifier) @_m (#eq? @_m "connect")))) @role.client)
; SwiftNIO: NIOWebSocketServerUpgrader / NIOWebSocketClientUpgrader name the side.
((simple_identifier) @role.server
  (#eq? @role.server "NIOWebSocketServerUpgrader"))
((simple_identifier) @role.client
  (#eq? @role.client "NIOWebSocketClientUpgrader"))

; `let socket = WebSocket(request: request)`: marks on the call name the variable.
(property_declaration
  name: (pattern bound_identifier: (simple_identifier) @bind)
  value: (call_expression) @bind.value)

; ---------------------------------------------------------------- scopes and constants

[
  (class_declaration)
  (lambda_literal)
] @scope
(function_declaration name: (simple_identifier) @scope.name) @scope

; File-level `let kicked: UInt16 = 4001`.
(source_file
  (property_declaration
    name: (pattern bound_identifier: (simple_identifier) @const.name)
    value: [(integer_literal) (hex_literal)] @const.value))

; ---------------------------------------------------------------- received codes (hover)
; Code that reads a close code the peer sent: `task.closeCode == .abnormalClosure`. Hover only.

(equality_expression
  lhs: [(navigation_expression suffix: (navigation_suffix suffix: (simple_identifier) @_p))
        (simple_identifier) @_p]
  rhs: [(integer_literal) (prefix_expression) (navigation_expression)] @read.code
  (#match? @_p "^(closeCode|code)$"))

; ---------------------------------------------------------------- PocketSocket

; webSocket.close(withCode: 1011, reason: ""): PSWebSocket (Objective-C), whose types name it.
((call_expression
  (navigation_expression
    target: (_) @close.receiver
    suffix: (navigation_suffix suffix: (simple_identifier) @_m (#eq? @_m "close")))
  (call_suffix
    (value_arguments
      (value_argument
        name: (value_argument_label (simple_identifier) @_l (#eq? @_l "withCode"))
        value: [(integer_literal) (simple_identifier) (prefix_expression)] @close.code)))) @close.call
  (#set! api "pocketsocket"))
((type_identifier) @lib.pocketsocket
  (#match? @lib.pocketsocket "^PSWebSocket(Server)?(Delegate|ServerDelegate)?$"))
((user_type (type_identifier) @_t) @role.server
  (#eq? @_t "PSWebSocketServer"))

