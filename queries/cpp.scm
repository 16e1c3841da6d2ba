; Close sites in C and C++: Boost.Beast, WebSocket++ (websocketpp), libwebsockets, IXWebSocket,
; Crow, Drogon, uWebSockets, POCO, Qt WebSockets, cpprestsdk and oat++. Capture names are explained in ARCHITECTURE.md. A candidate becomes a site
; only when its code resolves to a number and one of its `api` libraries has evidence (@lib.*)
; in the file, or the call's shape alone names the library (`lws_close_reason`).
;
; `fclose(f)`, `close(fd)`, `socket.close()` / `socket.close(ec)` on an asio TCP socket and
; receive-side code (`ws.reason().code == close_code::normal`) are never sites: they take no
; code, or their argument is no close code of a library the file uses.

; ---------------------------------------------------------------- member calls taking a code first

; Beast `ws.close(websocket::close_code::normal)`, `ws.close(ec)`… and `ws.async_close(code,
; handler)`; websocketpp `con->close(websocketpp::close::status::going_away, "bye")`;
; IXWebSocket `webSocket.close(1000, "bye")`; Drogon `conn->shutdown(CloseCode::kViolation,
; "bye")`. The code must be a number or a constant of a library the file includes.
;
; Patterns on the same call merge, and the first code found wins; so each shape below takes
; its code from its own argument kinds and arity, never from another shape's reason or handle.
((call_expression
  function: (field_expression
    argument: (_) @close.receiver
    field: (field_identifier) @_m (#any-of? @_m "close" "async_close"))
  arguments: [
    (argument_list . [(number_literal) (qualified_identifier) (identifier) (parenthesized_expression)] @close.code .)
    (argument_list . [(number_literal) (qualified_identifier) (identifier) (parenthesized_expression)] @close.code . (_) .)
  ]) @close.call
  (#set! api "beast websocketpp ixwebsocket qt cpprest"))
((call_expression
  function: (field_expression
    argument: (_) @close.receiver
    field: (field_identifier) @_m (#eq? @_m "shutdown"))
  arguments: [
    (argument_list . [(number_literal) (qualified_identifier) (identifier) (parenthesized_expression)] @close.code .)
    (argument_list . [(number_literal) (qualified_identifier) (identifier) (parenthesized_expression)] @close.code . (_) .)
  ]) @close.call
  (#set! api "drogon poco"))

; uWebSockets `ws->end(1008, "bad token")` (WebSocket::end(int code = 0, std::string_view
; message = {}): code 0 or 1005 sends a Close frame without a body). `end` is everywhere
; (iterators, streams), so the file must use uWebSockets and the code resolve.
((call_expression
  function: (field_expression
    argument: (_) @close.receiver
    field: (field_identifier) @_m (#eq? @_m "end"))
  arguments: [
    (argument_list . [(number_literal) (qualified_identifier) (identifier)] @close.code .)
    (argument_list . [(number_literal) (qualified_identifier) (identifier)] @close.code . (_) @close.reason .)
  ]) @close.call
  (#set! api "uwebsockets-cpp"))

; oat++ `socket.sendClose(1008, "bad token")` (WebSocket::sendClose(v_uint16 code, const
; oatpp::String& message)) and the async `sendCloseAsync(code, message)`.
((call_expression
  function: (field_expression
    argument: (_) @close.receiver
    field: (field_identifier) @_m (#any-of? @_m "sendClose" "sendCloseAsync"))
  arguments: (argument_list . (_) @close.code . (_) @close.reason .)) @close.call
  (#set! api "oatpp"))
; IXWebSocket's `webSocket.stop(code, reason)` closes with that code, then joins the thread.
; `stop(n)` is common elsewhere (timers, pollers), so only IXWebSocket's constants and
; four-digit literals count.
((call_expression
  function: (field_expression
    argument: (_) @close.receiver
    field: (field_identifier) @_m (#eq? @_m "stop"))
  arguments: [
    (argument_list . [(number_literal) (qualified_identifier)] @close.code .)
    (argument_list . [(number_literal) (qualified_identifier)] @close.code . (_) .)
  ]) @close.call
  (#match? @close.code "^((ix::)?WebSocketCloseConstants::k[A-Za-z]+|[0-9]{4})$")
  (#set! api "ixwebsocket"))
((call_expression
  function: (field_expression
    field: (field_identifier) @_m (#any-of? @_m "close" "shutdown" "stop" "end"))
  arguments: (argument_list
    . [(number_literal) (qualified_identifier) (identifier) (parenthesized_expression)]
    . [(string_literal) (raw_string_literal) (concatenated_string)] @close.reason .)) @close.call)

; Beast `ws.close({websocket::close_code::policy_error, "bad token"})` and
; `ws.close(websocket::close_reason(close_code::normal, "bye"))`: a close_reason built in place.
((call_expression
  function: (field_expression
    argument: (_) @close.receiver
    field: (field_identifier) @_m (#any-of? @_m "close" "async_close"))
  arguments: (argument_list
    . [
      (initializer_list . (_) @close.code . (_)? @close.reason .)
      (call_expression
        function: [(identifier) (qualified_identifier)] @_r
        arguments: (argument_list . (_) @close.code . (_)? @close.reason .))
    ])) @close.call
  (#match? @_r "(^|:)close_reason$")
  (#set! api "beast"))

; A custom code by cast: `ws.close(static_cast<websocket::close_code>(4001))`.
((call_expression
  function: (field_expression
    argument: (_) @close.receiver
    field: (field_identifier) @_m (#any-of? @_m "close" "async_close" "shutdown"))
  arguments: (argument_list
    . (call_expression
      function: (template_function
        name: (identifier) @_c (#eq? @_c "static_cast")
        arguments: (template_argument_list (type_descriptor) @_t))
      arguments: (argument_list . (_) @close.code .)))) @close.call
  (#match? @_t "(close_code|CloseCode|close::status::value)$")
  (#set! api "beast websocketpp drogon"))

; websocketpp's endpoint form: `server.close(hdl, websocketpp::close::status::normal, "bye")`.
((call_expression
  function: (field_expression
    argument: (_) @close.receiver
    field: (field_identifier) @_m (#eq? @_m "close"))
  arguments: [
    (argument_list . (_) . [(number_literal) (qualified_identifier) (identifier)] @close.code . (_) @close.reason .)
    (argument_list . (_) . [(number_literal) (qualified_identifier) (identifier)] @close.code . (_) @close.reason . (_) .)
  ]) @close.call
  (#set! api "websocketpp"))

; Crow `conn.close("bye", crow::websocket::CloseStatusCode::PolicyViolated)`: the reason first.
((call_expression
  function: (field_expression
    argument: (_) @close.receiver
    field: (field_identifier) @_m (#eq? @_m "close"))
  arguments: (argument_list
    . [(string_literal) (raw_string_literal) (concatenated_string)] @close.reason
    . [(number_literal) (qualified_identifier) (identifier)] @close.code .)) @close.call
  (#set! api "crow"))

; ---------------------------------------------------------------- libwebsockets

; `lws_close_reason(wsi, LWS_CLOSE_STATUS_POLICY_VIOLATION, (unsigned char *)"bad", 3)` sets the
; code and reason the Close frame carries when the callback then returns -1. The name is
; libwebsockets' own.
((call_expression
  function: (identifier) @_f (#eq? @_f "lws_close_reason")
  arguments: (argument_list . (_) @close.receiver . (_) @close.code . (_) @close.reason)) @close.call
  (#set! api "libwebsockets")
  (#set! evidence "self"))

; libwebsockets' own parsers echo a Close frame with the code written big-endian into its
; payload: `pp[0] = (LWS_CLOSE_STATUS_PROTOCOL_ERR >> 8) & 0xff;` (the low byte follows on the
; next line; the high byte's shift is the site). Only libwebsockets' own constants count: a
; length or a port is shifted the same way. (The shift alone, not the assignment around it:
; the smaller pattern costs the C++ query's compilation less.)
((binary_expression left: (identifier) @close.code operator: ">>" right: (number_literal) @_shift) @close.call
  (#eq? @_shift "8")
  (#match? @close.code "^LWS_CLOSE_STATUS_[A-Z_]+$")
  (#set! api "libwebsockets"))

; ---------------------------------------------------------------- library evidence

((preproc_include path: (_) @lib.beast)
  (#match? @lib.beast "boost/beast"))
((preproc_include path: (_) @lib.websocketpp)
  (#match? @lib.websocketpp "websocketpp/"))
((preproc_include path: (_) @lib.libwebsockets)
  (#match? @lib.libwebsockets "libwebsockets\\.h|lws_config\\.h|private-lib-core\\.h"))
((preproc_include path: (_) @lib.ixwebsocket)
  (#match? @lib.ixwebsocket "ixwebsocket/|IXWebSocket"))
((preproc_include path: (_) @lib.crow)
  (#match? @lib.crow "crow(_all)?\\.h|crow/"))
((preproc_include path: (_) @lib.drogon)
  (#match? @lib.drogon "drogon/"))
((preproc_include path: (_) @lib.uwebsockets-cpp)
  (#match? @lib.uwebsockets-cpp "(?i)uwebsockets/|\"App\\.h\""))
((preproc_include path: (_) @lib.poco)
  (#match? @lib.poco "Poco/Net/WebSocket\\.h"))
((preproc_include path: (_) @lib.qt)
  (#match? @lib.qt "QWebSocket|QtWebSockets"))
((preproc_include path: (_) @lib.cpprest)
  (#match? @lib.cpprest "cpprest/ws_"))
((preproc_include path: (_) @lib.oatpp)
  (#match? @lib.oatpp "oatpp-websocket/"))
; uWebSockets' namespace `uWS::App`, `uWS::WebSocket<...>`, where its header comes by another
; name.
((namespace_identifier) @lib.uwebsockets-cpp
  (#eq? @lib.uwebsockets-cpp "uWS"))
; Inside a library's own namespace (its headers include each other by relative paths).
((namespace_definition name: (_) @lib.beast)
  (#match? @lib.beast "^(beast|websocket)$"))
((namespace_definition name: (_) @lib.websocketpp)
  (#eq? @lib.websocketpp "websocketpp"))

; ---------------------------------------------------------------- roles

; Beast: `ws.accept()` / `ws.accept(req)` / `ws.async_accept(...)` answer a handshake,
; `ws.handshake(host, "/")` / `ws.async_handshake(...)` start one. asio's acceptor has
; `accept(socket)` too, so a receiver named like an acceptor does not count.
((call_expression
  function: (field_expression
    argument: (_) @_r
    field: (field_identifier) @_f (#any-of? @_f "accept" "async_accept" "async_accept_ex"))) @role.server
  (#not-match? @_r "(?i)acceptor"))
(call_expression
  function: (field_expression
    field: (field_identifier) @_f (#any-of? @_f "handshake" "async_handshake"))
  arguments: (argument_list . (_) . (_))) @role.client

; websocketpp `websocketpp::server<config>` / `websocketpp::client<config>`, IXWebSocket
; `ix::WebSocketServer`, Drogon `WebSocketController<...>` / `WebSocketClient`.
((template_type name: (type_identifier) @_t) @role.server
  (#any-of? @_t "server" "WebSocketController"))
((template_type name: (type_identifier) @_t) @role.client
  (#eq? @_t "client"))
((qualified_identifier name: (type_identifier) @_t) @role.server
  (#eq? @_t "WebSocketServer"))
((qualified_identifier name: (type_identifier) @_t) @role.client
  (#any-of? @_t "WebSocketClient" "WebSocketClientPtr"))

; Qt `QWebSocketServer` and POCO's `HTTPRequestHandler` serve; POCO's `HTTPClientSession`
; dials out (a POCO WebSocket is built from a server request or a client session); oat++'s
; `websocket::ConnectionHandler` / `websocket::Connector` name the side.
((type_identifier) @role.server
  (#any-of? @role.server "QWebSocketServer" "HTTPRequestHandler"))
((type_identifier) @role.client
  (#eq? @role.client "HTTPClientSession"))
((qualified_identifier
  scope: (namespace_identifier) @_n
  name: (type_identifier) @_t) @role.server
  (#eq? @_n "websocket")
  (#any-of? @_t "ConnectionHandler" "AsyncConnectionHandler"))
((qualified_identifier
  scope: (namespace_identifier) @_n
  name: (type_identifier) @_t) @role.client
  (#eq? @_n "websocket")
  (#any-of? @_t "Connector" "AsyncConnector"))
; Qt `socket.open(QUrl(...))` dials out.
(call_expression
  function: (field_expression field: (field_identifier) @_f (#eq? @_f "open"))
  arguments: (argument_list . (call_expression function: (identifier) @_u (#eq? @_u "QUrl")))) @role.client

; libwebsockets: a case of the protocol callback names the side
; (`case LWS_CALLBACK_CLIENT_RECEIVE:` holds the statements under it in this grammar).
((case_statement value: (identifier) @_c) @role.client
  (#match? @_c "^LWS_CALLBACK_CLIENT_"))
((case_statement value: (identifier) @_c) @role.server
  (#match? @_c "^LWS_CALLBACK_(ESTABLISHED|RECEIVE|SERVER_WRITEABLE|FILTER_PROTOCOL_CONNECTION|HTTP)$"))

; ---------------------------------------------------------------- scopes and constants

[
  (function_definition)
  (lambda_expression)
  (class_specifier)
  (struct_specifier)
] @scope

; `constexpr std::uint16_t kExpired = 4001;`, `const int kExpired = 4001;`,
; `#define CLOSE_EXPIRED 4001` at file or namespace level.
(translation_unit
  (declaration
    declarator: (init_declarator
      declarator: (identifier) @const.name
      value: (number_literal) @const.value)))
(namespace_definition
  body: (declaration_list
    (declaration
      declarator: (init_declarator
        declarator: (identifier) @const.name
        value: (number_literal) @const.value))))
(preproc_def
  name: (identifier) @const.name
  value: (preproc_arg) @const.value)

; ---------------------------------------------------------------- received codes (hover)
; `ws.reason().code == websocket::close_code::normal`, `con->get_remote_close_code() == 1006`.

(binary_expression
  left: [(field_expression field: (field_identifier) @_p)
         (identifier) @_p
         (call_expression function: (field_expression field: (field_identifier) @_p))]
  right: [(number_literal) (qualified_identifier) (identifier)] @read.code
  (#match? @_p "^(code|get_remote_close_code|get_local_close_code|close_code|closeCode|status)$"))

; ---------------------------------------------------------------- own code
; The namespace a definition opens (`packages` in src/libraries/cpp.toml): inside
; `namespace ix { … }` or `namespace websocketpp { … }` the file is the library's own code.
(namespace_definition name: (_) @module.name)

; IXWebSocket's own code: WebSocketTransport's member functions close themselves with
; `close(WebSocketCloseConstants::kProtocolErrorCode, WebSocketCloseConstants::kProtocolErrorMessage,
; _rxbuf.size())`. A receiver-less `close(code, …)` is anything anywhere else, so the shape
; counts only in the library's own code (`namespace ix`, `packages` in cpp.toml).
((call_expression
  function: (identifier) @_m (#eq? @_m "close")
  arguments: (argument_list . [(number_literal) (qualified_identifier)] @close.code . (_) @close.reason)) @close.call
  (#set! api "ixwebsocket")
  (#set! evidence "own"))
