; Close sites in Dart: web_socket_channel (and shelf_web_socket), dart:io's WebSocket and
; package:web_socket. Capture names are explained in ARCHITECTURE.md. A candidate becomes a site
; only when its code resolves to a number and one of its `api` libraries has evidence (@lib.*)
; in the file.

; ---------------------------------------------------------------- close calls

; channel.sink.close([int? closeCode, String? closeReason]) (web_socket_channel's WebSocketSink):
; the receiver is the channel whose constructor tells the role.
; `channel?.sink.close(...)` reads the sink through a null-aware member access.
((call_expression
  function: (member_expression
    object: [
      (member_expression
        object: (_) @close.receiver
        property: (identifier) @_sink)
      (null_aware_member_expression
        object: (_) @close.receiver
        property: (identifier) @_sink)
    ]
    property: (identifier) @_m (#eq? @_m "close"))
  arguments: (arguments
    .
    [(decimal_integer_literal) (hex_integer_literal) (identifier) (member_expression)
     (unary_expression)] @close.code
    .
    (string_literal)? @close.reason)) @close.call
  (#eq? @_sink "sink")
  (#set! api "web_socket_channel"))

; socket.close([int? code, String? reason]): dart:io's WebSocket and package:web_socket's
; (`socket?.close(...)` too).
((call_expression
  function: [
    (member_expression
      object: (_) @close.receiver
      property: (identifier) @_m)
    (null_aware_member_expression
      object: (_) @close.receiver
      property: (identifier) @_m)
  ]
  arguments: (arguments
    .
    [(decimal_integer_literal) (hex_integer_literal) (identifier) (member_expression)
     (unary_expression)] @close.code
    .
    (string_literal)? @close.reason)) @close.call
  (#eq? @_m "close")
  (#not-match? @close.receiver "\\.sink$")
  (#set! api "dart-io web_socket"))

; package:cupertino_http `task.cancelWithCloseCode(1008, reason)` (URLSessionWebSocketTask
; .cancelWithCloseCode(int closeCode, NSData? reason)): Apple's URLSession, a client.
((call_expression
  function: [
    (member_expression
      object: (_) @close.receiver
      property: (identifier) @_m)
    (null_aware_member_expression
      object: (_) @close.receiver
      property: (identifier) @_m)
  ]
  arguments: (arguments
    .
    [(decimal_integer_literal) (hex_integer_literal) (identifier) (member_expression)
     (unary_expression)] @close.code)) @close.call
  (#eq? @_m "cancelWithCloseCode")
  (#set! api "cupertino_http"))
; ---------------------------------------------------------------- library evidence

((import_specification
  uri: (configurable_uri (uri (string_literal) @_uri))) @lib.web_socket_channel
  (#match? @_uri "^.package:(web_socket_channel|shelf_web_socket)/"))
((import_specification
  uri: (configurable_uri (uri (string_literal) @_uri))) @lib.web_socket
  (#match? @_uri "^.package:web_socket/"))
((import_specification
  uri: (configurable_uri (uri (string_literal) @_uri))) @lib.cupertino_http
  (#match? @_uri "^.package:cupertino_http/"))
; cupertino_http's `CupertinoWebSocket` implements package:web_socket's WebSocket, whose
; close(code, reason) checks codes as the browser does.
((identifier) @lib.web_socket
  (#eq? @lib.web_socket "CupertinoWebSocket"))
; dart:io is imported for files and HTTP too: only its WebSocket classes are evidence.
((identifier) @lib.dart-io
  (#any-of? @lib.dart-io "WebSocketTransformer" "WebSocketStatus"))
((call_expression
  function: (member_expression
    object: (identifier) @_c (#eq? @_c "WebSocket")
    property: (identifier) @_m (#eq? @_m "connect"))) @lib.dart-io @role.client)

; ---------------------------------------------------------------- roles

; WebSocketChannel.connect(uri) / IOWebSocketChannel.connect(url) / HtmlWebSocketChannel are
; clients; IOWebSocketChannel(socket) wraps a socket that WebSocketTransformer.upgrade(request)
; accepted on the server; webSocketHandler((channel, protocol) {...}) (shelf_web_socket) hands
; the handler server-side channels.
((call_expression
  function: (member_expression
    object: (identifier) @_c
    property: (identifier) @_m (#eq? @_m "connect"))) @role.client
  (#any-of? @_c "WebSocketChannel" "IOWebSocketChannel" "HtmlWebSocketChannel"))
((call_expression
  function: (identifier) @_c (#eq? @_c "HtmlWebSocketChannel")) @role.client)
((call_expression
  function: (member_expression
    object: (identifier) @_c (#eq? @_c "WebSocketTransformer")
    property: (identifier) @_m (#eq? @_m "upgrade"))) @role.server)
((call_expression
  function: (identifier) @_c (#eq? @_c "IOWebSocketChannel")
  arguments: (arguments . (identifier))) @role.server)
((call_expression
  function: (identifier) @_f (#eq? @_f "webSocketHandler")) @lib.web_socket_channel @role.server)

; The variable a call's result is bound to: `final channel = WebSocketChannel.connect(uri)`,
; `final socket = await WebSocketTransformer.upgrade(request)`.
(initialized_variable_declaration
  name: (identifier) @bind
  value: [(call_expression) @bind.value
          (unary_expression (await_expression (call_expression) @bind.value))])
(static_final_declaration
  name: (identifier) @bind
  value: [(call_expression) @bind.value
          (unary_expression (await_expression (call_expression) @bind.value))])

; ---------------------------------------------------------------- scopes and constants

[
  (class_declaration)
  (function_expression)
] @scope
(method_declaration
  (method_signature (function_signature name: (identifier) @scope.name))) @scope
(function_declaration
  signature: (function_signature name: (identifier) @scope.name)) @scope

; File-level `const kicked = 4001;`.
(source_file
  (top_level_variable_declaration
    (static_final_declaration_list
      (static_final_declaration
        name: (identifier) @const.name
        value: [(decimal_integer_literal) (hex_integer_literal)] @const.value))))

; ---------------------------------------------------------------- received codes (hover)
; Code that reads a close code the peer sent: `socket.closeCode == 1006`. Hover only.

(equality_expression
  [(member_expression property: (identifier) @_p) (identifier) @_p]
  [(decimal_integer_literal) (member_expression)] @read.code
  (#match? @_p "^(closeCode|code)$"))
