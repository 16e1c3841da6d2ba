; Close sites in Rust: tungstenite / tokio-tungstenite, axum, actix (actix-ws, actix-http,
; actix-web-actors, awc), warp and fastwebsockets. Capture names are explained in
; ARCHITECTURE.md. A candidate becomes a site only when its code resolves to a number and one of
; its `api` libraries has evidence (@lib.*) in the file; a library constant
; (`CloseCode::Policy`, `close_code::POLICY`) picks its own library, which must be in `api`.
;
; Only constructions are matched: `CloseFrame { code: .. }` in an expression, or a code handed
; to a close method. Receive-side code (`match frame.code { CloseCode::Abnormal => .. }`,
; `Message::Close(Some(CloseFrame { code, .. }))` in a pattern, `if code == CloseCode::Policy`)
; consists of patterns and comparisons, and `Message::Close(None)` carries no code.

; ---------------------------------------------------------------- frames: tungstenite, axum

; CloseFrame { code: CloseCode::Policy, reason: "..".into() }: tungstenite's frame (code is a
; `CloseCode`) or axum's (code is a `u16`, so a bare literal is axum's). The frame is the site
; wherever it is built: inline in `ws.close(Some(..))` / `Message::Close(Some(..))`, or bound
; to a variable first.
((struct_expression
  name: [(type_identifier) (scoped_type_identifier)] @_n
  body: (field_initializer_list
    (field_initializer
      field: (field_identifier) @_f (#eq? @_f "code")
      value: (_) @close.code (#not-match? @close.code "\\.into\\(\\)$")))) @close.call
  (#match? @_n "(^|::)CloseFrame$")
  (#set! api "axum tungstenite ezsockets"))

; CloseFrame { code: 4001u16.into(), .. }: the number inside the conversion is the code
; (tungstenite's `From<u16> for CloseCode`, or u16 -> u16 for axum).
((struct_expression
  name: [(type_identifier) (scoped_type_identifier)] @_n
  body: (field_initializer_list
    (field_initializer
      field: (field_identifier) @_f (#eq? @_f "code")
      value: (call_expression
        function: (field_expression
          value: (_) @close.code
          field: (field_identifier) @_into (#eq? @_into "into"))
        arguments: (arguments))))) @close.call
  (#match? @_n "(^|::)CloseFrame$")
  (#set! api "tungstenite axum"))

; The reason of a frame (`reason: "..".into()`, `Utf8Bytes::from_static("..")`).
(struct_expression
  name: [(type_identifier) (scoped_type_identifier)] @_n
  body: (field_initializer_list
    (field_initializer
      field: (field_identifier) @_f (#eq? @_f "reason")
      value: (_) @close.reason))
  (#match? @_n "(^|::)CloseFrame$")) @close.call

; ---------------------------------------------------------------- reasons: actix

; CloseReason { code: CloseCode::Normal, description: Some("..".into()) } (actix-http, re-exported
; by actix-ws, actix-web-actors and awc).
((struct_expression
  name: [(type_identifier) (scoped_type_identifier)] @_n
  body: (field_initializer_list
    (field_initializer
      field: (field_identifier) @_f (#eq? @_f "code")
      value: (_) @close.code))) @close.call
  (#match? @_n "(^|::)CloseReason$")
  (#set! api "actix"))

(struct_expression
  name: [(type_identifier) (scoped_type_identifier)] @_n
  body: (field_initializer_list
    (field_initializer
      field: (field_identifier) @_f (#eq? @_f "description")
      value: (_) @close.reason))
  (#match? @_n "(^|::)CloseReason$")) @close.call

; session.close(Some(CloseCode::Policy.into())) (actix-ws), ctx.close(Some(..)) (actix-web-actors):
; `From<CloseCode> for CloseReason`. tungstenite has no such conversion, so this shape is actix.
((call_expression
  function: (field_expression
    value: (_) @close.receiver
    field: (field_identifier) @_m (#eq? @_m "close"))
  arguments: (arguments
    .
    (call_expression
      function: (identifier) @_some (#eq? @_some "Some")
      arguments: (arguments
        .
        (call_expression
          function: (field_expression
            value: (_) @close.code (#not-match? @close.code "^\\(")
            field: (field_identifier) @_into (#eq? @_into "into"))
          arguments: (arguments))
        .))
    .)) @close.call
  (#set! api "actix"))

; session.close(Some((CloseCode::Policy, "bad token").into())): `From<(CloseCode, T: Into<String>)>`.
((call_expression
  function: (field_expression
    value: (_) @close.receiver
    field: (field_identifier) @_m (#eq? @_m "close"))
  arguments: (arguments
    .
    (call_expression
      function: (identifier) @_some (#eq? @_some "Some")
      arguments: (arguments
        .
        (call_expression
          function: (field_expression
            value: (tuple_expression . (_) @close.code . (_) @close.reason .)
            field: (field_identifier) @_into (#eq? @_into "into"))
          arguments: (arguments))
        .))
    .)) @close.call
  (#set! api "actix"))

; Message::Close(Some(CloseCode::Normal.into())) / Message::Close(Some((code, "..").into())):
; the awc client (and actix-web-actors' `ctx.write_raw`) send the close frame as a message.
; (`Frame::Close(..)` is what a peer's close is received as.)
((call_expression
  function: (scoped_identifier
    path: (_) @_msg (#match? @_msg "Message$")
    name: (identifier) @_c (#eq? @_c "Close"))
  arguments: (arguments
    .
    (call_expression
      function: (identifier) @_some (#eq? @_some "Some")
      arguments: (arguments
        .
        (call_expression
          function: (field_expression
            value: (_) @close.code (#not-match? @close.code "^\\(")
            field: (field_identifier) @_into (#eq? @_into "into"))
          arguments: (arguments))
        .))
    .)) @close.call
  (#set! api "actix"))

((call_expression
  function: (scoped_identifier
    path: (_) @_msg (#match? @_msg "Message$")
    name: (identifier) @_c (#eq? @_c "Close"))
  arguments: (arguments
    .
    (call_expression
      function: (identifier) @_some (#eq? @_some "Some")
      arguments: (arguments
        .
        (call_expression
          function: (field_expression
            value: (tuple_expression . (_) @close.code . (_) @close.reason .)
            field: (field_identifier) @_into (#eq? @_into "into"))
          arguments: (arguments))
        .))
    .)) @close.call
  (#set! api "actix"))

; ---------------------------------------------------------------- receivers of frames

; The socket a frame or reason built inline goes through, for its role binding:
; ws.close(Some(CloseFrame { .. })), ctx.close(Some(CloseReason { .. })) ...
(call_expression
  function: (field_expression
    value: (_) @close.receiver
    field: (field_identifier) @_m (#eq? @_m "close"))
  arguments: (arguments
    .
    (call_expression
      function: (identifier) @_some (#eq? @_some "Some")
      arguments: (arguments . (struct_expression) @close.call .))
    .))

; ... and ws.send(Message::Close(Some(CloseFrame { .. }))) (also feed / start_send).
(call_expression
  function: (field_expression
    value: (_) @close.receiver
    field: (field_identifier) @_m (#any-of? @_m "send" "feed" "start_send" "write" "write_message"))
  arguments: (arguments
    .
    (call_expression
      function: (scoped_identifier
        path: (_) @_msg (#match? @_msg "Message$")
        name: (identifier) @_c (#eq? @_c "Close"))
      arguments: (arguments
        .
        (call_expression
          function: (identifier) @_some (#eq? @_some "Some")
          arguments: (arguments . (struct_expression) @close.call .))
        .))
    .))

; ... and framed.send(Message::Close(Some(CloseCode::Normal.into()))) (actix, awc).
(call_expression
  function: (field_expression
    value: (_) @close.receiver
    field: (field_identifier) @_m (#any-of? @_m "send" "feed" "start_send" "write" "write_message"))
  arguments: (arguments
    .
    (call_expression
      function: (scoped_identifier
        path: (_) @_msg (#match? @_msg "Message$")
        name: (identifier) @_c (#eq? @_c "Close"))) @close.call
    .))

; ---------------------------------------------------------------- warp, fastwebsockets

; warp::ws::Message::close_with(1008u16, "bad token"): code is `impl Into<u16>`; salvo's
; (salvo_extra 1.1.0) takes `impl Into<u16>` too, poem's (3.1.12) `impl Into<CloseCode>`.
((call_expression
  function: (scoped_identifier name: (identifier) @_m (#eq? @_m "close_with"))
  arguments: (arguments . (_) @close.code . (_)? @close.reason)) @close.call
  (#set! api "warp salvo poem"))

; poem: Message::Close(Some((CloseCode::Policy, "reason".to_string()))).
((call_expression
  function: (scoped_identifier
    path: (_) @_msg (#match? @_msg "Message$")
    name: (identifier) @_c (#eq? @_c "Close"))
  arguments: (arguments
    .
    (call_expression
      function: (identifier) @_some (#eq? @_some "Some")
      arguments: (arguments . (tuple_expression . (_) @close.code . (_) @close.reason .) .))
    .)) @close.call
  (#set! api "poem"))

; tokio-websockets 0.13.3: Message::close(Some(CloseCode::POLICY_VIOLATION), "reason").
((call_expression
  function: (scoped_identifier
    path: (_) @_t (#match? @_t "(^|::)Message$")
    name: (identifier) @_m (#eq? @_m "close"))
  arguments: (arguments
    .
    (call_expression
      function: (identifier) @_some (#eq? @_some "Some")
      arguments: (arguments . (_) @close.code .))
    .
    (_)? @close.reason)) @close.call
  (#set! api "tokio-websockets"))

; rust-websocket (crate `websocket` 0.27.1, its messages from websocket-base 0.26.5):
; Message::close_because(code, reason), CloseData::new(code, reason) and
; CloseData { status_code, reason }, sent as OwnedMessage::Close(Some(data)).
((call_expression
  function: (scoped_identifier name: (identifier) @_m (#eq? @_m "close_because"))
  arguments: (arguments . (_) @close.code . (_)? @close.reason)) @close.call
  (#set! api "websocket-rs"))
((call_expression
  function: (scoped_identifier
    path: (_) @_t (#match? @_t "(^|::)CloseData$")
    name: (identifier) @_m (#eq? @_m "new"))
  arguments: (arguments . (_) @close.code . (_)? @close.reason)) @close.call
  (#set! api "websocket-rs"))
((struct_expression
  name: [(type_identifier) (scoped_type_identifier)] @_n
  body: (field_initializer_list
    (field_initializer
      field: (field_identifier) @_f (#eq? @_f "status_code")
      value: (_) @close.code))) @close.call
  (#match? @_n "(^|::)CloseData$")
  (#set! api "websocket-rs"))

; ws-rs (crate `ws` 0.9.2): out.close(CloseCode::Normal) and
; out.close_with_reason(CloseCode::Error, "reason") on its `Sender`.
((call_expression
  function: (field_expression
    value: (_) @close.receiver
    field: (field_identifier) @_m (#eq? @_m "close"))
  arguments: (arguments
    .
    [(scoped_identifier) (call_expression function: (scoped_identifier))] @close.code
    .)) @close.call
  (#match? @close.code "^(ws::)?CloseCode::")
  (#set! api "ws-rs"))
((call_expression
  function: (field_expression
    value: (_) @close.receiver
    field: (field_identifier) @_m (#eq? @_m "close_with_reason"))
  arguments: (arguments . (_) @close.code . (_) @close.reason .)) @close.call
  (#set! api "ws-rs"))

; fastwebsockets: Frame::close(1000, b"bye") (code: u16, reason: &[u8]). tungstenite's own
; `Frame::close(Some(frame))` passes a frame, whose code the CloseFrame patterns read instead.
((call_expression
  function: (scoped_identifier
    path: (_) @_t
    name: (identifier) @_m (#eq? @_m "close"))
  arguments: (arguments . (_) @close.code . (_)? @close.reason)) @close.call
  (#match? @_t "(^|::)Frame$")
  (#set! api "fastwebsockets"))

; ---------------------------------------------------------------- library evidence

; A path rooted at the crate (`use tokio_tungstenite::connect_async;`, `axum::extract::ws::..`,
; `fn f(m: tungstenite::Message)`), `use tungstenite::{..}`, `use tungstenite as ts;`,
; `use tungstenite;`, `extern crate tungstenite;`.
([(scoped_identifier path: (identifier) @_c)
  (scoped_type_identifier path: (identifier) @_c)
  (scoped_use_list path: (identifier) @_c)
  (use_as_clause path: (identifier) @_c)
  (use_declaration argument: (identifier) @_c)
  (extern_crate_declaration name: (identifier) @_c)] @lib.tungstenite
  (#any-of? @_c "tungstenite" "tokio_tungstenite" "async_tungstenite" "rocket_ws"))
([(scoped_identifier path: (identifier) @_c)
  (scoped_type_identifier path: (identifier) @_c)
  (scoped_use_list path: (identifier) @_c)
  (use_as_clause path: (identifier) @_c)
  (use_declaration argument: (identifier) @_c)] @lib.ezsockets
  (#eq? @_c "ezsockets"))

([(scoped_identifier path: (identifier) @_c)
  (scoped_type_identifier path: (identifier) @_c)
  (scoped_use_list path: (identifier) @_c)
  (use_as_clause path: (identifier) @_c)
  (use_declaration argument: (identifier) @_c)
  (extern_crate_declaration name: (identifier) @_c)] @lib.axum
  (#eq? @_c "axum"))

([(scoped_identifier path: (identifier) @_c)
  (scoped_type_identifier path: (identifier) @_c)
  (scoped_use_list path: (identifier) @_c)
  (use_as_clause path: (identifier) @_c)
  (use_declaration argument: (identifier) @_c)
  (extern_crate_declaration name: (identifier) @_c)] @lib.actix
  (#any-of? @_c "actix_ws" "actix_web_actors" "actix_http" "awc"))

([(scoped_identifier path: (identifier) @_c)
  (scoped_type_identifier path: (identifier) @_c)
  (scoped_use_list path: (identifier) @_c)
  (use_as_clause path: (identifier) @_c)
  (use_declaration argument: (identifier) @_c)
  (extern_crate_declaration name: (identifier) @_c)] @lib.warp
  (#eq? @_c "warp"))

([(scoped_identifier path: (identifier) @_c)
  (scoped_type_identifier path: (identifier) @_c)
  (scoped_use_list path: (identifier) @_c)
  (use_as_clause path: (identifier) @_c)
  (use_declaration argument: (identifier) @_c)
  (extern_crate_declaration name: (identifier) @_c)] @lib.fastwebsockets
  (#eq? @_c "fastwebsockets"))

([(scoped_identifier path: (identifier) @_c)
  (scoped_type_identifier path: (identifier) @_c)
  (scoped_use_list path: (identifier) @_c)
  (use_as_clause path: (identifier) @_c)
  (use_declaration argument: (identifier) @_c)
  (extern_crate_declaration name: (identifier) @_c)] @lib.poem
  (#eq? @_c "poem"))

([(scoped_identifier path: (identifier) @_c)
  (scoped_type_identifier path: (identifier) @_c)
  (scoped_use_list path: (identifier) @_c)
  (use_as_clause path: (identifier) @_c)
  (use_declaration argument: (identifier) @_c)
  (extern_crate_declaration name: (identifier) @_c)] @lib.salvo
  (#any-of? @_c "salvo" "salvo_extra"))

([(scoped_identifier path: (identifier) @_c)
  (scoped_type_identifier path: (identifier) @_c)
  (scoped_use_list path: (identifier) @_c)
  (use_as_clause path: (identifier) @_c)
  (use_declaration argument: (identifier) @_c)
  (extern_crate_declaration name: (identifier) @_c)] @lib.tokio-websockets
  (#eq? @_c "tokio_websockets"))

; ws-rs: `extern crate ws;` or a path into it that names one of its items (`use ws::{listen,
; CloseCode}`, `ws::connect(..)`); a project's own `mod ws` is common, so `ws::` alone is not.
((extern_crate_declaration name: (identifier) @_c) @lib.ws-rs
  (#eq? @_c "ws"))
((scoped_use_list
  path: (identifier) @_c (#eq? @_c "ws")
  list: (use_list (identifier) @_i)) @lib.ws-rs
  (#any-of? @_i "listen" "connect" "Sender" "Handler" "CloseCode" "Handshake" "Builder" "WebSocket"))
([(scoped_identifier path: (identifier) @_c name: (identifier) @_i)
  (scoped_type_identifier path: (identifier) @_c name: (type_identifier) @_i)] @lib.ws-rs
  (#eq? @_c "ws")
  (#any-of? @_i "listen" "connect" "Sender" "Handler" "CloseCode" "Handshake" "Builder" "WebSocket"))

; rust-websocket: `extern crate websocket;` or a path into it that names one of its items; a
; project's own `mod websocket` is common, so `websocket::` alone is not.
((extern_crate_declaration name: (identifier) @_c) @lib.websocket-rs
  (#eq? @_c "websocket"))
((scoped_use_list
  path: (identifier) @_c (#eq? @_c "websocket")
  list: (use_list [(identifier) (scoped_identifier path: (identifier))] @_i)) @lib.websocket-rs
  (#match? @_i "^(ClientBuilder|OwnedMessage|CloseData|sync|r#async)(::|$)"))
([(scoped_identifier path: (identifier) @_c name: (identifier) @_i)
  (scoped_type_identifier path: (identifier) @_c name: (type_identifier) @_i)] @lib.websocket-rs
  (#eq? @_c "websocket")
  (#any-of? @_i "ClientBuilder" "OwnedMessage" "CloseData" "sync" "r#async"))

; ---------------------------------------------------------------- roles

; rust-websocket: ClientBuilder::new(url) dials, Server::bind(addr) serves.
(call_expression
  function: (scoped_identifier
    path: (_) @_t (#match? @_t "(^|::)ClientBuilder$")
    name: (identifier) @_m (#eq? @_m "new"))) @role.client
(call_expression
  function: (scoped_identifier
    path: (_) @_t (#match? @_t "(^|::)Server$")
    name: (identifier) @_m (#eq? @_m "bind"))) @role.server

; ws-rs: listen(addr, factory) serves, connect(url, factory) dials.
(call_expression
  function: [(identifier) (scoped_identifier)] @_f
  (#match? @_f "^(ws::)?listen$")) @role.server
(call_expression
  function: (scoped_identifier) @_f
  (#eq? @_f "ws::connect")) @role.client
; axum and warp sockets are always server-side (their library role), so their upgrade calls
; are not marked here: a tungstenite close next to `on_upgrade` is usually the client half of
; a proxy, and a server mark there would mislabel it.

; tungstenite / tokio-tungstenite / async-tungstenite handshakes: accept* is the server side,
; connect* / client_async* the client side. Free functions only (`accept(stream)`,
; `tokio_tungstenite::accept_async(s)`), never methods (`listener.accept()`) or other crates'
; paths (`TcpStream::connect`, `PgPool::connect`).
(call_expression
  function: [(identifier) (scoped_identifier)] @_f
  (#match? @_f "^((tokio_|async_)?tungstenite(::[a-z_]+)*::)?accept(_hdr)?(_async)?(_with_config)?$")) @role.server
(call_expression
  function: [(identifier) (scoped_identifier)] @_f
  (#match? @_f "^((tokio_|async_)?tungstenite(::[a-z_]+)*::)?(connect(_async)?(_tls)?(_with_[a-z_]+)?|client_async[a-z_]*)$")) @role.client
(call_expression
  function: (scoped_identifier) @_f
  (#match? @_f "^(tokio_|async_)?tungstenite(::[a-z_]+)*::client(_with_config)?$")) @role.client

; The variable a call's result is bound to: a role mark on that call names it (`@bind.value`),
; so that a close on that name takes the call's role even when one function holds both sides (a
; relay): `let mut ws = accept(s).unwrap();`, `let (mut ws, _) = connect_async(url).await?;`,
; `let Ok(mut ws) = accept_async(s).await else ..`, `let ws = WebSocketStream::from_raw_socket(..)`.
(let_declaration
  pattern: [
    (identifier) @bind
    (mut_pattern (identifier) @bind)
    (tuple_pattern . [(identifier) @bind (mut_pattern (identifier) @bind)])
    (tuple_struct_pattern type: (_) . [
      (identifier) @bind
      (mut_pattern (identifier) @bind)
      (tuple_pattern . [(identifier) @bind (mut_pattern (identifier) @bind)])])]
  value: [
    (call_expression) @bind.value
    (await_expression (call_expression) @bind.value)
    (try_expression (call_expression) @bind.value)
    (try_expression (await_expression (call_expression) @bind.value))
    (call_expression function: (field_expression value: (call_expression) @bind.value))
    (call_expression function: (field_expression
      value: (await_expression (call_expression) @bind.value)))])

; An explicit role: WebSocketStream::from_raw_socket(io, Role::Server, cfg) (tungstenite),
; WebSocket::after_handshake(io, Role::Client) (fastwebsockets).
(call_expression
  arguments: (arguments
    (scoped_identifier) @_r (#match? @_r "(^|::)Role::Server$"))) @role.server
(call_expression
  arguments: (arguments
    (scoped_identifier) @_r (#match? @_r "(^|::)Role::Client$"))) @role.client
; actix-ws and actix-web-actors hand out only server-side sessions, so importing them says the
; file is a server (`awc`, the client, is not marked on import: actix-web servers use it for HTTP).
(use_declaration
  argument: [(scoped_identifier path: (identifier) @_c)
             (scoped_use_list path: (identifier) @_c)
             (use_as_clause path: (identifier) @_c)
             (identifier) @_c]
  (#any-of? @_c "actix_ws" "actix_web_actors")) @role.server
; actix-ws: actix_ws::handle(&req, body); actix-web-actors: ws::start(..) / ws::start_with_addr(..)
; / WsResponseBuilder, and actors whose context is a WebsocketContext.
(call_expression
  function: (scoped_identifier) @_f
  (#match? @_f "(^|::)(actix_ws::handle|ws::start|ws::start_with_addr|ws::WsResponseBuilder::new)$")) @role.server
((type_identifier) @_t (#eq? @_t "WebsocketContext")) @role.server
; An actor that handles decoded `ws::Message`s is a WebsocketContext actor (an awc client actor
; handles raw `Frame`s): everything in `impl StreamHandler<Result<ws::Message, ..>>` is server.
(impl_item
  trait: (generic_type
    type: (type_identifier) @_h (#eq? @_h "StreamHandler")
    type_arguments: (type_arguments) @_a (#match? @_a "Message"))) @role.server

; awc: Client::new().ws(url) opens a client WebSocket; so do actix-test's srv.ws() / ws_at(path).
(call_expression
  function: (field_expression
    field: (field_identifier) @_ws (#any-of? @_ws "ws" "ws_at"))) @role.client
; ... bound to its framed stream: `let mut framed = srv.ws().await.unwrap();`,
; `let (_resp, mut framed) = Client::new().ws(url).connect().await?;`
(let_declaration
  pattern: [
    (identifier) @bind
    (tuple_pattern [(identifier) @bind (mut_pattern (identifier) @bind)])]
  value: [
    (await_expression
      (call_expression function: (field_expression field: (field_identifier) @_ws)))
    (call_expression function: (field_expression
      value: (await_expression
        (call_expression function: (field_expression field: (field_identifier) @_ws)))))
    (try_expression (await_expression
      (call_expression function: (field_expression
        value: (call_expression function: (field_expression field: (field_identifier) @_ws))))))
    (call_expression function: (field_expression
      value: (await_expression
        (call_expression function: (field_expression
          value: (call_expression function: (field_expression field: (field_identifier) @_ws)))))))]
  (#any-of? @_ws "ws" "ws_at")) @role.client

; fastwebsockets: upgrade::upgrade(&mut req) is the server side, handshake::client(..) the client.
(call_expression
  function: (scoped_identifier) @_f
  (#match? @_f "(^|::)upgrade::upgrade$")) @role.server
(call_expression
  function: (scoped_identifier) @_f
  (#match? @_f "(^|::)handshake::client$")) @role.client

; ---------------------------------------------------------------- scopes and constants

[
  (function_item)
  (closure_expression)
  (async_block)
  (impl_item)
  (trait_item)
  (mod_item)
] @scope

; const CLOSE_KICKED: u16 = 4001; at file or module level.
(source_file
  [(const_item name: (identifier) @const.name value: (integer_literal) @const.value)
   (static_item name: (identifier) @const.name value: (integer_literal) @const.value)])
(mod_item
  body: (declaration_list
    [(const_item name: (identifier) @const.name value: (integer_literal) @const.value)
     (static_item name: (identifier) @const.name value: (integer_literal) @const.value)]))

; ---------------------------------------------------------------- received codes (hover)
; Code that reads a close code the peer sent: `frame.code == CloseCode::Away`,
; `match frame.code { CloseCode::Normal => … }`. Used only by the language server's hover.

(binary_expression
  left: [(field_expression field: (field_identifier) @_p) (identifier) @_p]
  right: [(integer_literal) (scoped_identifier)] @read.code
  (#match? @_p "^(code|close_code)$"))
(match_expression
  value: [(field_expression field: (field_identifier) @_p) (identifier) @_p]
  body: (match_block
    (match_arm pattern: (match_pattern [(integer_literal) (scoped_identifier)] @read.code)))
  (#match? @_p "^(code|close_code)$"))

; ---------------------------------------------------------------- macro bodies

; The arguments of a macro call are a token tree to the grammar: `tokio::select! { .. }`,
; `futures::join!(..)` and a project's own macros hold real close calls. The body is parsed
; again as Rust and queried (src/detection/macros.rs). Assertion macros are left out: what
; they hold is an expected value, compared rather than sent.
(macro_invocation
  macro: [(identifier) @_m (scoped_identifier name: (identifier) @_m)]
  (#not-match? @_m "^(debug_)?assert|^prop_assert|^matches$|^assert_matches$")
  (token_tree) @macro.body)
