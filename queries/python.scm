; Close sites in Python. Capture names are explained in ARCHITECTURE.md. A candidate becomes a
; site only when its code resolves to a number and one of its `api` libraries has evidence
; (@lib.*) in the file.
;
; One call can match several patterns below (the code from one, a keyword reason from
; another); the engine merges them into one candidate and unions their `api` lists, so the
; reason patterns carry no `api` and never widen a call's libraries.
;
; A code is only taken from an expression that can be a close code (an integer, a constant
; path, a negative number): `close(fd)` or `close(True)` then simply fails to resolve.

; ---------------------------------------------------------------- close calls: shared shapes

; x.close(code[, reason]) with positional arguments:
;   websockets    close(code=1000, reason="")
;   Starlette     WebSocket.close(code=1000, reason=None)
;   Channels      close(code=None, reason=None)
;   Tornado       close(code=None, reason=None)
;   websocket-client  close(status=1000, reason=b"", timeout=3)
;   aiohttp       WebSocketWriter.close(code=1000, message=b"") (its responses' close() takes
;                 keywords only, so a positional code is the writer's)
;   Quart         websocket.close(code, reason="")
;   Litestar      WebSocket.close(code=1000, reason=None)
;   Sanic         ws.close(code=1000, reason="")
;   simple-websocket / flask-sock  ws.close(reason=None, message=None): `reason` is the code
; os.close(fd) takes a file descriptor, whatever else the module imports.
((call
  function: (attribute
    object: (_) @close.receiver
    attribute: (identifier) @_m (#eq? @_m "close"))
  arguments: (argument_list
    .
    [(integer) (identifier) (attribute) (unary_operator)] @close.code
    .
    (string)? @close.reason)) @close.call
  (#not-eq? @close.receiver "os")
  (#set! api "websockets starlette channels tornado websocket-client aiohttp quart litestar sanic simple-websocket"))

; x.close(code=...): every library but websocket-client, which names it `status`, and
; simple-websocket, which names it `reason`.
((call
  function: (attribute
    object: (_) @close.receiver
    attribute: (identifier) @_m (#eq? @_m "close"))
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#eq? @_k "code")
      value: (_) @close.code))) @close.call
  (#set! api "websockets starlette aiohttp channels tornado quart litestar sanic"))

; simple-websocket (1.1.0) and flask-sock: ws.close(reason=1008, message="...").
((call
  function: (attribute
    object: (_) @close.receiver
    attribute: (identifier) @_m (#eq? @_m "close"))
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#eq? @_k "reason")
      value: [(integer) (identifier) (attribute) (unary_operator)] @close.code))) @close.call
  (#set! api "simple-websocket"))

; ---------------------------------------------------------------- websockets, trio-websocket

; websockets 17.4: the Sans-I/O protocol's send_close(code, reason), the trio connection's and
; server's aclose(code, reason) (the server's after close_connections), and trio-websocket
; 0.12.2's aclose(code=1000, reason=None). `aclose` is a common name, so the file must use one
; of these libraries.
((call
  function: (attribute
    object: (_) @close.receiver
    attribute: (identifier) @_m (#any-of? @_m "send_close" "aclose"))
  arguments: (argument_list
    .
    [(integer) (identifier) (attribute) (unary_operator)] @close.code
    .
    (string)? @close.reason)) @close.call
  (#set! api "websockets trio-websocket"))
((call
  function: (attribute
    object: (_) @close.receiver
    attribute: (identifier) @_m (#any-of? @_m "send_close" "aclose"))
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#eq? @_k "code")
      value: (_) @close.code))) @close.call
  (#set! api "websockets trio-websocket"))
(call
  function: (attribute
    attribute: (identifier) @_m (#any-of? @_m "aclose" "fail" "fail_connection"))
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#eq? @_k "reason")
      value: (string) @close.reason))) @close.call

; websockets: the Sans-I/O protocol's fail(code, reason) and the legacy protocol's
; fail_connection(code, reason) send a Close frame with the code, except for 1006, with which
; they drop the connection without one: that is no close site (`[[library.drop]]` in
; src/libraries/python.toml, which the helper path through websockets' own `fail` reads too).
((call
  function: (attribute
    object: (_) @close.receiver
    attribute: (identifier) @_m (#any-of? @_m "fail" "fail_connection"))
  arguments: (argument_list
    .
    [(integer) (identifier) (attribute) (unary_operator)] @close.code
    .
    (string)? @close.reason)) @close.call
  (#set! api "websockets"))
((call
  function: (attribute
    object: (_) @close.receiver
    attribute: (identifier) @_m (#any-of? @_m "fail" "fail_connection"))
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#eq? @_k "code")
      value: (_) @close.code))) @close.call
  (#set! api "websockets"))

; websockets' frames.Close(code, reason): the body of a Close frame, built to be sent
; (`Frame(Opcode.CLOSE, Close(1000, "").serialize())`). `Close(CloseCode.NO_STATUS_RCVD, "")`
; is how websockets' own code stands for a Close frame without a code (protocol.py sends
; `b""` with it; serialize() rejects 1005), so it is never a site.
((call
  function: [(identifier) (attribute attribute: (identifier))] @_c
  arguments: (argument_list
    .
    [(integer) (identifier) (attribute) (unary_operator)] @close.code
    .
    (string)? @close.reason)) @close.call
  (#match? @_c "(^|\\.)Close$")
  (#not-match? @close.code "NO_STATUS_RCVD$")
  (#set! api "websockets"))

; ---------------------------------------------------------------- wsproto, autobahn

; wsproto 1.3.2: conn.send(CloseConnection(code=1000, reason="...")), positionally too.
((call
  function: [(identifier) (attribute attribute: (identifier))] @_c
  arguments: (argument_list
    .
    [(integer) (identifier) (attribute) (unary_operator)] @close.code
    .
    (string)? @close.reason)) @close.call
  (#match? @_c "(^|\\.)CloseConnection$")
  (#set! api "wsproto"))
((call
  function: [(identifier) (attribute attribute: (identifier))] @_c
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#eq? @_k "code")
      value: (_) @close.code))) @close.call
  (#match? @_c "(^|\\.)CloseConnection$")
  (#set! api "wsproto"))
(call
  function: [(identifier) (attribute attribute: (identifier))] @_c
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#eq? @_k "reason")
      value: (string) @close.reason)) @close.call
  (#match? @_c "(^|\\.)CloseConnection$"))

; autobahn's lower-level WebSocketProtocol.sendCloseFrame(code=1011, reasonUtf8=None) sends the
; frame as given, without sendClose's WHATWG check (daphne's ws_protocol.py): its own entry.
((call
  function: (attribute
    object: (_) @close.receiver
    attribute: (identifier) @_m (#eq? @_m "sendCloseFrame"))
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#eq? @_k "code")
      value: (_) @close.code))) @close.call
  (#set! api "autobahn-frames"))

; autobahn 26.10.2: self.sendClose(code=1000, reason="..."), positionally too.
((call
  function: (attribute
    object: (_) @close.receiver
    attribute: (identifier) @_m (#eq? @_m "sendClose"))
  arguments: (argument_list
    .
    [(integer) (identifier) (attribute) (unary_operator)] @close.code
    .
    (string)? @close.reason)) @close.call
  (#set! api "autobahn"))
((call
  function: (attribute
    object: (_) @close.receiver
    attribute: (identifier) @_m (#eq? @_m "sendClose"))
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#eq? @_k "code")
      value: (_) @close.code))) @close.call
  (#set! api "autobahn"))
(call
  function: (attribute
    attribute: (identifier) @_m (#eq? @_m "sendClose"))
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#eq? @_k "reason")
      value: (string) @close.reason))) @close.call

; ---------------------------------------------------------------- ASGI

; A raw ASGI app: await send({"type": "websocket.close", "code": 1008, "reason": "..."}). The
; message type names the protocol, so no import is needed.
((dictionary
  (pair
    key: (string (string_content) @_k (#eq? @_k "type"))
    value: (string (string_content) @_t (#eq? @_t "websocket.close")))
  (pair
    key: (string (string_content) @_c (#eq? @_c "code"))
    value: (_) @close.code)) @close.call
  (#set! api "asgi")
  (#set! evidence "self"))
((dictionary
  (pair
    key: (string (string_content) @_c (#eq? @_c "code"))
    value: (_) @close.code)
  (pair
    key: (string (string_content) @_k (#eq? @_k "type"))
    value: (string (string_content) @_t (#eq? @_t "websocket.close")))) @close.call
  (#set! api "asgi")
  (#set! evidence "self"))
(dictionary
  (pair
    key: (string (string_content) @_k (#eq? @_k "type"))
    value: (string (string_content) @_t (#eq? @_t "websocket.close")))
  (pair
    key: (string (string_content) @_r (#eq? @_r "reason"))
    value: (string) @close.reason)) @close.call

; The reason, by keyword: `reason=` (websockets, Starlette, Channels, Tornado, websocket-client)
; or `message=` (aiohttp). A `"...".encode()` sends the string's UTF-8 bytes, so the string
; itself is the reason whose length counts.
(call
  function: (attribute
    attribute: (identifier) @_m (#any-of? @_m "close" "send_close"))
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#any-of? @_k "reason" "message")
      value: (string) @close.reason))) @close.call
(call
  function: (attribute
    attribute: (identifier) @_m (#any-of? @_m "close" "send_close"))
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#any-of? @_k "reason" "message")
      value: (call
        function: (attribute
          object: (string) @close.reason
          attribute: (identifier) @_e (#eq? @_e "encode")))))) @close.call
(call
  function: (attribute
    attribute: (identifier) @_m (#eq? @_m "close"))
  arguments: (argument_list
    .
    (_)
    .
    (call
      function: (attribute
        object: (string) @close.reason
        attribute: (identifier) @_e (#eq? @_e "encode"))))) @close.call

; ---------------------------------------------------------------- websocket-client

; ws.close(status=...) and ws.send_close(status, reason): the code is called `status`.
((call
  function: (attribute
    object: (_) @close.receiver
    attribute: (identifier) @_m (#any-of? @_m "close" "send_close"))
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#eq? @_k "status")
      value: (_) @close.code))) @close.call
  (#set! api "websocket-client"))
((call
  function: (attribute
    object: (_) @close.receiver
    attribute: (identifier) @_m (#eq? @_m "send_close"))
  arguments: (argument_list
    .
    [(integer) (identifier) (attribute) (unary_operator)] @close.code
    .
    (string)? @close.reason)) @close.call
  (#set! api "websocket-client"))

; ---------------------------------------------------------------- Starlette / FastAPI

; raise WebSocketException(code=...): the framework closes the socket with exc.code.
; return WebSocketClose(code=...): a bare ASGI app that sends websocket.close.
; Both take (code, reason=None), positionally or by keyword.
((call
  function: [(identifier) (attribute attribute: (identifier))] @_c
  arguments: (argument_list
    .
    [(integer) (identifier) (attribute) (unary_operator)] @close.code
    .
    (string)? @close.reason)) @close.call
  (#match? @_c "(^|\\.)(WebSocketException|WebSocketClose)$")
  (#set! api "starlette"))
; Litestar 2.25.0: raise WebSocketException(detail=..., code=4500) / WebSocketDisconnect(...):
; its exception middleware closes with exc.code (keyword only).
((call
  function: [(identifier) (attribute attribute: (identifier))] @_c
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#eq? @_k "code")
      value: (_) @close.code))) @close.call
  (#match? @_c "(^|\\.)(WebSocketException|WebSocketClose)$")
  (#set! api "starlette litestar"))
((call
  function: [(identifier) (attribute attribute: (identifier))] @_c
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#eq? @_k "code")
      value: (_) @close.code))) @close.call
  (#match? @_c "(^|\\.)WebSocketDisconnect$")
  (#set! api "litestar"))
(call
  function: [(identifier) (attribute attribute: (identifier))] @_c
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#eq? @_k "reason")
      value: (string) @close.reason)) @close.call
  (#match? @_c "(^|\\.)(WebSocketException|WebSocketClose)$"))

; ---------------------------------------------------------------- Django Channels

; self.send(text_data, close=4001) / self.send_json(content, close=4001): the message, then a
; Close frame with that code (`close=True` closes without one and does not resolve).
((call
  function: (attribute
    object: (_) @close.receiver
    attribute: (identifier) @_m (#any-of? @_m "send" "send_json"))
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k (#eq? @_k "close")
      value: (_) @close.code))) @close.call
  (#set! api "channels"))

; ---------------------------------------------------------------- library evidence

; Imports, by the first segment of the module path: `import websockets`,
; `from websockets.asyncio.server import serve`, `import websockets.sync.client as c`.
((import_statement
  name: [
    (dotted_name . (identifier) @_root)
    (aliased_import name: (dotted_name . (identifier) @_root))
  ]) @lib.websockets
  (#eq? @_root "websockets"))
((import_from_statement
  module_name: (dotted_name . (identifier) @_root)) @lib.websockets
  (#eq? @_root "websockets"))

; FastAPI is Starlette underneath: `from fastapi import WebSocket, status`.
((import_statement
  name: [
    (dotted_name . (identifier) @_root)
    (aliased_import name: (dotted_name . (identifier) @_root))
  ]) @lib.starlette
  (#any-of? @_root "starlette" "fastapi"))
((import_from_statement
  module_name: (dotted_name . (identifier) @_root)) @lib.starlette
  (#any-of? @_root "starlette" "fastapi"))

((import_statement
  name: [
    (dotted_name . (identifier) @_root)
    (aliased_import name: (dotted_name . (identifier) @_root))
  ]) @lib.aiohttp
  (#eq? @_root "aiohttp"))
((import_from_statement
  module_name: (dotted_name . (identifier) @_root)) @lib.aiohttp
  (#eq? @_root "aiohttp"))

((import_statement
  name: [
    (dotted_name . (identifier) @_root)
    (aliased_import name: (dotted_name . (identifier) @_root))
  ]) @lib.channels
  (#eq? @_root "channels"))
((import_from_statement
  module_name: (dotted_name . (identifier) @_root)) @lib.channels
  (#eq? @_root "channels"))

; Tornado: only its websocket module (`tornado.web` alone has no close codes).
((import_statement
  name: [
    (dotted_name) @_mod
    (aliased_import name: (dotted_name) @_mod)
  ]) @lib.tornado
  (#match? @_mod "^tornado\\.websocket$"))
((import_from_statement
  module_name: (dotted_name) @_mod) @lib.tornado
  (#match? @_mod "^tornado\\.websocket$"))
((import_from_statement
  module_name: (dotted_name) @_mod
  name: [
    (dotted_name) @_name
    (aliased_import name: (dotted_name) @_name)
  ]) @lib.tornado
  (#eq? @_mod "tornado")
  (#eq? @_name "websocket"))

; websocket-client's module is `websocket` (singular; `websockets` is another library).
((import_statement
  name: [
    (dotted_name . (identifier) @_root)
    (aliased_import name: (dotted_name . (identifier) @_root))
  ]) @lib.websocket-client
  (#eq? @_root "websocket"))
((import_from_statement
  module_name: (dotted_name . (identifier) @_root)) @lib.websocket-client
  (#eq? @_root "websocket"))

; wsproto, autobahn, Quart, Litestar, Sanic, trio-websocket, simple-websocket (and flask-sock,
; which hands out simple-websocket's sockets), by the first segment of the module path.
((import_statement
  name: [
    (dotted_name . (identifier) @_root)
    (aliased_import name: (dotted_name . (identifier) @_root))
  ]) @lib.wsproto
  (#eq? @_root "wsproto"))
((import_from_statement
  module_name: (dotted_name . (identifier) @_root)) @lib.wsproto
  (#eq? @_root "wsproto"))
((import_statement
  name: [
    (dotted_name . (identifier) @_root)
    (aliased_import name: (dotted_name . (identifier) @_root))
  ]) @lib.autobahn @lib.autobahn-frames
  (#eq? @_root "autobahn"))
((import_from_statement
  module_name: (dotted_name . (identifier) @_root)) @lib.autobahn @lib.autobahn-frames
  (#eq? @_root "autobahn"))
((import_statement
  name: [
    (dotted_name . (identifier) @_root)
    (aliased_import name: (dotted_name . (identifier) @_root))
  ]) @lib.quart
  (#eq? @_root "quart"))
((import_from_statement
  module_name: (dotted_name . (identifier) @_root)) @lib.quart
  (#eq? @_root "quart"))
((import_statement
  name: [
    (dotted_name . (identifier) @_root)
    (aliased_import name: (dotted_name . (identifier) @_root))
  ]) @lib.litestar
  (#eq? @_root "litestar"))
((import_from_statement
  module_name: (dotted_name . (identifier) @_root)) @lib.litestar
  (#eq? @_root "litestar"))
((import_statement
  name: [
    (dotted_name . (identifier) @_root)
    (aliased_import name: (dotted_name . (identifier) @_root))
  ]) @lib.sanic
  (#eq? @_root "sanic"))
((import_from_statement
  module_name: (dotted_name . (identifier) @_root)) @lib.sanic
  (#eq? @_root "sanic"))
((import_statement
  name: [
    (dotted_name . (identifier) @_root)
    (aliased_import name: (dotted_name . (identifier) @_root))
  ]) @lib.trio-websocket
  (#eq? @_root "trio_websocket"))
((import_from_statement
  module_name: (dotted_name . (identifier) @_root)) @lib.trio-websocket
  (#eq? @_root "trio_websocket"))
((import_statement
  name: [
    (dotted_name . (identifier) @_root)
    (aliased_import name: (dotted_name . (identifier) @_root))
  ]) @lib.simple-websocket
  (#any-of? @_root "simple_websocket" "flask_sock"))
((import_from_statement
  module_name: (dotted_name . (identifier) @_root)) @lib.simple-websocket
  (#any-of? @_root "simple_websocket" "flask_sock"))

; ---------------------------------------------------------------- roles: classes

; autobahn: the protocol class a handler derives from names its side.
((class_definition
  superclasses: (argument_list
    [(identifier) (attribute attribute: (identifier))] @_base)) @lib.autobahn @role.server
  (#match? @_base "(^|\\.)WebSocketServerProtocol$"))
((class_definition
  superclasses: (argument_list
    [(identifier) (attribute attribute: (identifier))] @_base)) @lib.autobahn @role.client
  (#match? @_base "(^|\\.)WebSocketClientProtocol$"))

; Channels consumers are server-side; the class is also the nearest evidence for its sites.
((class_definition
  superclasses: (argument_list
    [(identifier) (attribute attribute: (identifier))] @_base)) @lib.channels @role.server
  (#match? @_base "(^|\\.)(Async)?(Json)?WebsocketConsumer$"))

; Tornado: a WebSocketHandler subclass is the server end of its connection.
((class_definition
  superclasses: (argument_list
    [(identifier) (attribute attribute: (identifier))] @_base)) @lib.tornado @role.server
  (#match? @_base "(^|\\.)WebSocketHandler$"))

; Starlette: a WebSocketEndpoint subclass handles server-side sockets.
((class_definition
  superclasses: (argument_list
    [(identifier) (attribute attribute: (identifier))] @_base)) @lib.starlette @role.server
  (#match? @_base "(^|\\.)WebSocketEndpoint$"))

; ---------------------------------------------------------------- roles: websockets

; serve(handler, host, port) / route(url_map, host, port): the handlers get server
; connections. The call is a plain mark, which makes its scope (usually the whole module)
; server side. Only `serve` imported bare or reached through the websockets package counts
; (`hypercorn.asyncio.serve` is not this one).
((call
  function: [
    (identifier) @_f
    (attribute object: (_) @_pkg attribute: (identifier) @_f)
  ]) @role.server
  (#any-of? @_f "serve" "unix_serve" "route" "unix_route")
  (#match? @_pkg "^websockets(\\.|$)"))
; ...and the handler serve() names is server side wherever it is defined (`@handler` names a
; function; pairing the definition with the call in one pattern would be quadratic in the
; number of functions). This is what keeps a handler server side in a module that is also a
; client elsewhere.
((call
  function: [
    (identifier) @_f
    (attribute object: (_) @_pkg attribute: (identifier) @_f)
  ]
  arguments: (argument_list
    .
    [(identifier) @handler (attribute attribute: (identifier) @handler)])) @role.server
  (#any-of? @_f "serve" "unix_serve")
  (#match? @_pkg "^websockets(\\.|$)"))

; connect(uri) returns a client connection (`sqlite3.connect` and `sock.connect` do not count).
((call
  function: [
    (identifier) @_f
    (attribute object: (_) @_pkg attribute: (identifier) @_f)
  ]) @role.client
  (#any-of? @_f "connect" "unix_connect")
  (#match? @_pkg "^websockets(\\.|$)"))

; The Sans-I/O layer names the side outright.
((call
  function: [(identifier) (attribute attribute: (identifier))] @_c) @role.server
  (#match? @_c "(^|\\.)ServerProtocol$"))
((call
  function: [(identifier) (attribute attribute: (identifier))] @_c) @role.client
  (#match? @_c "(^|\\.)ClientProtocol$"))

; The variable a call's result is bound to: a role or library mark on that call names it
; (`@bind.value`), so a close on that name takes the call's side even in a module with both:
; `ws = await connect(uri)`, `async with connect(uri) as ws`, `async for ws in connect(uri)`,
; `ws = web.WebSocketResponse()`, `async with session.ws_connect(url) as ws`.
(assignment
  left: (identifier) @bind
  right: [(call) @bind.value (await (call) @bind.value)])
(with_item
  value: (as_pattern
    (call) @bind.value
    alias: (as_pattern_target (identifier) @bind)))
(for_statement
  left: (identifier) @bind
  right: (call) @bind.value)

; wsproto: WSConnection(ConnectionType.SERVER) / (ConnectionType.CLIENT).
((attribute
  object: (identifier) @_t (#eq? @_t "ConnectionType")
  attribute: (identifier) @_s (#eq? @_s "SERVER"))) @role.server
((attribute
  object: (identifier) @_t (#eq? @_t "ConnectionType")
  attribute: (identifier) @_s (#eq? @_s "CLIENT"))) @role.client

; trio-websocket: serve_websocket(handler, host, port, ...) hands the handler server requests;
; open_websocket_url / connect_websocket_url (and their host/port forms) give client connections.
((call
  function: (identifier) @_f (#eq? @_f "serve_websocket")
  arguments: (argument_list . (identifier) @handler)) @role.server)
((call
  function: [(identifier) (attribute attribute: (identifier))] @_f) @role.client
  (#match? @_f "(^|\\.)(open|connect)_websocket(_url)?$"))

; simple-websocket: Server(environ) / Server.accept(...) and Client(url) / Client.connect(url);
; flask-sock: a @sock.route("/ws") function receives a server socket.
((call
  function: (attribute
    object: (identifier) @_c (#eq? @_c "Server")
    attribute: (identifier) @_m (#eq? @_m "accept"))) @role.server)
((call
  function: (attribute
    object: (identifier) @_c (#eq? @_c "Client")
    attribute: (identifier) @_m (#eq? @_m "connect"))) @role.client)
((decorated_definition
  (decorator (call function: (attribute attribute: (identifier) @_r (#eq? @_r "route"))))) @role.server)

; ---------------------------------------------------------------- roles: annotations

; A parameter annotated with a connection class tells both its side and its library:
; `async def handler(ws: ServerConnection)`, `async def pump(ws: aiohttp.ClientWebSocketResponse)`.
((typed_parameter
  (identifier) @bind
  type: (type [(identifier) (attribute)] @_t)) @lib.websockets @role.server
  (#match? @_t "(^|\\.)(ServerConnection|WebSocketServerProtocol|ServerProtocol)$"))
((typed_parameter
  (identifier) @bind
  type: (type [(identifier) (attribute)] @_t)) @lib.websockets @role.client
  (#match? @_t "(^|\\.)(ClientConnection|WebSocketClientProtocol|ClientProtocol)$"))
((typed_parameter
  (identifier) @bind
  type: (type [(identifier) (attribute)] @_t)) @lib.aiohttp @role.server
  (#match? @_t "(^|\\.)WebSocketResponse$"))
((typed_parameter
  (identifier) @bind
  type: (type [(identifier) (attribute)] @_t)) @lib.aiohttp @role.client
  (#match? @_t "(^|\\.)ClientWebSocketResponse$"))
((typed_parameter
  (identifier) @bind
  type: (type [(identifier) (attribute)] @_t)) @lib.tornado @role.client
  (#match? @_t "(^|\\.)WebSocketClientConnection$"))

; ---------------------------------------------------------------- roles: aiohttp
; These calls name aiohttp as well, so in a module that also uses another library the
; socket they bind is attributed to aiohttp.

; ws = web.WebSocketResponse(); await ws.prepare(request): the server side.
((call
  function: [(identifier) (attribute attribute: (identifier))] @_c) @lib.aiohttp @role.server
  (#match? @_c "(^|\\.)WebSocketResponse$"))

; session.ws_connect(url) returns a ClientWebSocketResponse.
((call
  function: (attribute attribute: (identifier) @_m)) @lib.aiohttp @role.client
  (#eq? @_m "ws_connect"))

; Starlette's TestClient.websocket_connect(url) (a method) gives a WebSocketTestSession: the
; test's client end of a server-only framework's socket
; (`with client.websocket_connect("/ws") as websocket: websocket.close(code=1001)`).
((call
  function: (attribute attribute: (identifier) @_m)) @role.client
  (#eq? @_m "websocket_connect"))

; ---------------------------------------------------------------- roles: Tornado

; websocket_connect(url) resolves to a WebSocketClientConnection. Starlette's
; TestClient.websocket_connect is a method, so only the function (bare or through the tornado
; module) counts.
((call
  function: [(identifier) (attribute)] @_f) @lib.tornado @role.client
  (#match? @_f "^((tornado\\.)?websocket\\.)?websocket_connect$"))

; ---------------------------------------------------------------- scopes and constants

[
  (lambda)
  (class_definition)
] @scope
; Functions are named scopes: a mark with a `@handler` capture names one (serve(handler)).
(function_definition name: (identifier) @scope.name) @scope

; Module-level `KICKED = 4001` / `KICKED: int = 4001` / `NEGATIVE = -1`.
(module
  (expression_statement
    (assignment
      left: (identifier) @const.name
      right: [(integer) (unary_operator)] @const.value)))

; ---------------------------------------------------------------- received codes (hover)
; Code that reads a close code the peer sent: `if code == 1008`, `ws.close_code != 1006`,
; `match e.code: case 1001:`. Used only by the language server's hover, never a site.

(comparison_operator
  [(attribute attribute: (identifier) @_p) (identifier) @_p]
  [(integer) (attribute)] @read.code
  (#match? @_p "^(code|close_code)$"))
(comparison_operator
  [(integer) (attribute)] @read.code
  [(attribute attribute: (identifier) @_p) (identifier) @_p]
  (#match? @_p "^(code|close_code)$"))
(match_statement
  subject: [(attribute attribute: (identifier) @_p) (identifier) @_p]
  body: (block (case_clause (case_pattern [(integer) (dotted_name)] @read.code)))
  (#match? @_p "^(code|close_code)$"))

; ---------------------------------------------------------------- websockify

; websockify's WebSocket: shutdown(how, code, reason) sends a Close frame with the code
; (`self.shutdown(socket.SHUT_RDWR, 1002, "Protocol error")`). A socket's shutdown takes one
; argument, so the shape needs a code after `how`.
((call
  function: (attribute
    object: (_) @close.receiver
    attribute: (identifier) @_m (#eq? @_m "shutdown"))
  arguments: (argument_list
    .
    (_)
    .
    [(integer) (identifier) (attribute) (unary_operator)] @close.code
    .
    (string)? @close.reason)) @close.call
  (#set! api "websockify"))
((import_from_statement
  module_name: (dotted_name . (identifier) @_root)) @lib.websockify
  (#eq? @_root "websockify"))
((import_statement
  name: [
    (dotted_name . (identifier) @_root)
    (aliased_import name: (dotted_name . (identifier) @_root))
  ]) @lib.websockify
  (#eq? @_root "websockify"))


; ---------------------------------------------------------------- compared, not sent
; A frame or event built as an operand of a comparison is what a test expects to receive
; (`assert list(client.events()) == [CloseConnection(code=1000, reason="")]`), not a close:
; no candidate inside one is a site.
(comparison_operator) @compared
