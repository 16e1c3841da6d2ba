; Close sites in JavaScript (and, through `; inherits: javascript`, TypeScript and TSX).
; Capture names are explained in ARCHITECTURE.md. A candidate becomes a site only when its
; code resolves to a number and one of its `api` libraries has evidence (@lib.*) in the file.

; ---------------------------------------------------------------- close calls

; socket.close(code[, reason]): the browser WebSocket, ws, Bun's ServerWebSocket, Deno,
; WebSocket-Node's connection, Cloudflare's WebSocket (Workers, PartyKit connections), Hono's
; WSContext, Elysia's ElysiaWS, partysocket, reconnecting-websocket and faye-websocket. Not on a receiver named
; like an HTTP/2 stream (`stream`, `res.stream`, `h2Stream`, `http2Session`), whose close(code)
; resets the stream with an HTTP/2 error code, nor on a SockJS session (`this.session.close(3000,
; reason)` sends SockJS's close frame inside a message, beside the faye-websocket it runs on).
((call_expression
  function: (member_expression
    object: (_) @close.receiver
    property: (property_identifier) @_m (#eq? @_m "close"))
  arguments: (arguments . (_) @close.code . (_)? @close.reason)) @close.call
  (#not-match? @close.receiver "(^|[.])(stream|h2[sS]tream|http2[sS]tream|pushStream|h2[sS]ession|http2[sS]ession|_?session)$")
  (#set! api "ws bun deno websocket-node cloudflare partykit hono elysia partysocket reconnecting-websocket faye-websocket browser"))

; partysocket / reconnecting-websocket: reconnect(code, reason) closes the current socket with
; that code before it dials again.
((call_expression
  function: (member_expression
    object: (_) @close.receiver
    property: (property_identifier) @_m (#eq? @_m "reconnect"))
  arguments: (arguments . (_) @close.code . (_)? @close.reason)) @close.call
  (#set! api "partysocket reconnecting-websocket"))

; WebSocket-Node: connection.drop(code, description) sends a Close frame with the code, then
; destroys the socket; sendCloseFrame(code, description) sends one alone. drop's third argument
; `true` (skipCloseFrame) sends none: the code is only reported locally.
((call_expression
  function: (member_expression
    object: (_) @close.receiver
    property: (property_identifier) @_m (#any-of? @_m "drop" "sendCloseFrame"))
  arguments: [
    (arguments . (_) @close.code .)
    (arguments . (_) @close.code . (_) @close.reason .)
  ]) @close.call
  (#set! api "websocket-node"))
((call_expression
  function: (member_expression
    object: (_) @close.receiver
    property: (property_identifier) @_m (#eq? @_m "drop"))
  arguments: (arguments . (_) @close.code . (_) @close.reason . (_) @_skip .)) @close.call
  (#not-eq? @_skip "true")
  (#set! api "websocket-node"))

; uWebSockets.js: ws.end(code, message) sends the Close frame (its close() does not).
((call_expression
  function: (member_expression
    object: (_) @close.receiver
    property: (property_identifier) @_m (#eq? @_m "end"))
  arguments: (arguments . (_) @close.code . (_)? @close.reason)) @close.call
  (#set! api "uwebsockets"))

; ---------------------------------------------------------------- library evidence

(import_statement
  source: (string (string_fragment) @_s (#any-of? @_s "ws" "isomorphic-ws"))) @lib.ws
(call_expression
  function: (identifier) @_r (#eq? @_r "require")
  arguments: (arguments (string (string_fragment) @_s (#any-of? @_s "ws" "isomorphic-ws")))) @lib.ws

; `const WebSocket = require('..')`, `import WebSocket from '../lib/websocket.js'`: a file that
; binds the name itself from a local module does not use the global constructor (ws's own test
; suites and the wrappers of ws do this), so its sockets are checked as ws's: by RFC 6455 alone.
(variable_declarator
  name: (identifier) @_n (#eq? @_n "WebSocket")
  value: (call_expression
    function: (identifier) @_r (#eq? @_r "require")
    arguments: (arguments (string (string_fragment) @_s (#match? @_s "^\\.\\.?(/|$)"))))) @lib.ws
(import_statement
  (import_clause (identifier) @_n (#eq? @_n "WebSocket"))
  source: (string (string_fragment) @_s (#match? @_s "^\\.\\.?(/|$)"))) @lib.ws
; `new WebSocket.Server(...)`, `WebSocket.WebSocketServer`: names only ws exports.
(member_expression
  object: (identifier) @_c (#eq? @_c "WebSocket")
  property: (property_identifier) @_p (#any-of? @_p "Server" "WebSocketServer")) @lib.ws

(import_statement
  source: (string (string_fragment) @_s (#eq? @_s "uWebSockets.js"))) @lib.uwebsockets
(call_expression
  function: (identifier) @_r (#eq? @_r "require")
  arguments: (arguments (string (string_fragment) @_s (#eq? @_s "uWebSockets.js")))) @lib.uwebsockets
; Methods only uWebSockets.js has (HttpResponse and WebSocket in its docs/index.d.ts, GitHub
; uNetworking/uWebSockets.js, which npm does not publish): a handler module that is handed
; `res` and `ws` by the file that requires the library (soketi's ws-handler.js) calls them.
((member_expression
  property: (property_identifier) @_p) @lib.uwebsockets
  (#any-of? @_p "getRemoteAddressAsText" "getProxiedRemoteAddressAsText"))

; Bun.serve({ websocket: { ... } }): every socket inside is a ServerWebSocket.
(call_expression
  function: (member_expression
    object: (identifier) @_b (#eq? @_b "Bun")
    property: (property_identifier) @_p (#eq? @_p "serve"))) @lib.bun @role.server

; Deno.upgradeWebSocket(req) hands out a server-side socket.
(call_expression
  function: (member_expression
    object: (identifier) @_d (#eq? @_d "Deno")
    property: (property_identifier) @_p (#eq? @_p "upgradeWebSocket"))) @lib.deno @role.server
(variable_declarator
  name: (object_pattern (shorthand_property_identifier_pattern) @bind)
  value: (call_expression
    function: (member_expression
      object: (identifier) @_d (#eq? @_d "Deno")
      property: (property_identifier) @_p (#eq? @_p "upgradeWebSocket")))) @lib.deno @role.server

; faye-websocket 0.11.4: `new WebSocket(request, socket, body)` on the server and
; `new WebSocket.Client(url)`, both closed with close(code, reason).
(call_expression
  function: (identifier) @_r (#eq? @_r "require")
  arguments: (arguments (string (string_fragment) @_s (#eq? @_s "faye-websocket")))) @lib.faye-websocket

; WebSocket-Node (`websocket` 1.0.35): require('websocket').server / .client / .connection.
(import_statement
  source: (string (string_fragment) @_s (#eq? @_s "websocket"))) @lib.websocket-node
(call_expression
  function: (identifier) @_r (#eq? @_r "require")
  arguments: (arguments (string (string_fragment) @_s (#eq? @_s "websocket")))) @lib.websocket-node

; Cloudflare Workers: `new WebSocketPair()` hands the Worker the server end; a Durable Object
; accepts it with `state.acceptWebSocket(server)`.
(new_expression
  constructor: (identifier) @_c (#eq? @_c "WebSocketPair")) @lib.cloudflare @role.server
(call_expression
  function: (member_expression
    property: (property_identifier) @_a (#eq? @_a "acceptWebSocket"))) @lib.cloudflare @role.server

; PartyKit (`partykit/server`) and partyserver: every Party.Connection is a Cloudflare WebSocket
; on the server.
(import_statement
  source: (string (string_fragment) @_s (#match? @_s "^(partyserver|partykit/server)$"))) @lib.partykit @role.server

; Hono: upgradeWebSocket(c => ({ onOpen(evt, ws) { ... } })) hands server-side WSContexts, from
; hono/cloudflare-workers, hono/bun, hono/deno or @hono/node-ws's createNodeWebSocket.
(call_expression
  function: (identifier) @_u (#eq? @_u "upgradeWebSocket")) @lib.hono @role.server

; Elysia: app.ws('/path', { open(ws) { ... } }) hands server-side ElysiaWS sockets.
(import_statement
  source: (string (string_fragment) @_s (#eq? @_s "elysia"))) @lib.elysia
(call_expression
  function: (identifier) @_r (#eq? @_r "require")
  arguments: (arguments (string (string_fragment) @_s (#eq? @_s "elysia")))) @lib.elysia

; partysocket and reconnecting-websocket: clients that wrap a WebSocket (the global one unless
; told otherwise).
(import_statement
  source: (string (string_fragment) @_s (#match? @_s "^partysocket(/|$)"))) @lib.partysocket
(import_statement
  source: (string (string_fragment) @_s (#eq? @_s "reconnecting-websocket"))) @lib.reconnecting-websocket
(call_expression
  function: (identifier) @_r (#eq? @_r "require")
  arguments: (arguments (string (string_fragment) @_s (#eq? @_s "reconnecting-websocket")))) @lib.reconnecting-websocket

; The global WebSocket: constructed, or named as a value (WebSocket.OPEN, instanceof WebSocket).
; In a file that imports `ws`, these marks are ws's (ws shadows browser in javascript.toml).
(new_expression
  constructor: (identifier) @_c (#eq? @_c "WebSocket")) @lib.browser
(variable_declarator
  name: (identifier) @bind
  value: (new_expression
    constructor: (identifier) @_c (#eq? @_c "WebSocket"))) @lib.browser
(member_expression
  object: (identifier) @_c (#eq? @_c "WebSocket")) @lib.browser
(binary_expression
  operator: "instanceof"
  right: (identifier) @_c (#eq? @_c "WebSocket")) @lib.browser
; Isomorphic clients test for the global constructor (graphql-ws: `typeof WebSocket !==
; "undefined"`) and keep it in a variable of their own, so no `new WebSocket` shows; the test
; is the evidence. (`global.WebSocket || LongPoll` alone is not: Phoenix's long-poll fallback
; emulates the socket in the same file.)
(unary_expression
  operator: "typeof"
  argument: (identifier) @_c (#eq? @_c "WebSocket")) @lib.browser
; ... or take the global constructor as a value, the default of an injectable one (tRPC:
; `opts.WebSocketPonyfill ?? WebSocket`, compiled to a conditional; graphql-ws: `ws = WebSocket`).
(ternary_expression
  [consequence: (identifier) @_c alternative: (identifier) @_c]
  (#eq? @_c "WebSocket")) @lib.browser
(binary_expression
  operator: ["??" "||"]
  right: (identifier) @_c (#eq? @_c "WebSocket")) @lib.browser
; (Not `module.exports = WebSocket`: that exports a class of the file's own.)
(assignment_expression
  left: [(identifier) (member_expression object: (this))]
  right: (identifier) @_c (#eq? @_c "WebSocket")) @lib.browser
; `import { WebSocket } from './websocket'`: a named binding from a local module, as the default
; one above, is the project's own (ws's tests, wrappers of ws), not the global constructor.
(import_statement
  (import_clause (named_imports (import_specifier name: (identifier) @_n (#eq? @_n "WebSocket"))))
  source: (string (string_fragment) @_s (#match? @_s "^\\.\\.?(/|$)"))) @lib.ws

; ---------------------------------------------------------------- roles

; new WebSocket(url) is a client socket, whichever library provides the constructor.
(new_expression
  constructor: [(identifier) (member_expression)] @_c (#match? @_c "^(WebSocket|[A-Za-z_$]+\\.WebSocket)$")) @role.client
(variable_declarator
  name: (identifier) @bind
  value: (new_expression
    constructor: [(identifier) (member_expression)] @_c (#match? @_c "^(WebSocket|[A-Za-z_$]+\\.WebSocket)$"))) @role.client
(assignment_expression
  left: [(identifier) (member_expression)] @bind
  right: (new_expression
    constructor: [(identifier) (member_expression)] @_c (#match? @_c "^(WebSocket|[A-Za-z_$]+\\.WebSocket)$"))) @role.client

; The clients of partysocket, reconnecting-websocket and WebSocket-Node.
(new_expression
  constructor: (identifier) @_c (#any-of? @_c "PartySocket" "ReconnectingWebSocket" "WebSocketClient" "W3CWebSocket")) @role.client
(variable_declarator
  name: (identifier) @bind
  value: (new_expression
    constructor: (identifier) @_c (#eq? @_c "PartySocket"))) @lib.partysocket @role.client
(variable_declarator
  name: (identifier) @bind
  value: (new_expression
    constructor: (identifier) @_c (#eq? @_c "ReconnectingWebSocket"))) @lib.reconnecting-websocket @role.client
(variable_declarator
  name: (identifier) @bind
  value: (new_expression
    constructor: (identifier) @_c (#eq? @_c "W3CWebSocket"))) @lib.websocket-node @role.client
(variable_declarator
  name: (identifier) @bind
  value: (call_expression
    function: (identifier) @_c (#eq? @_c "usePartySocket"))) @lib.partysocket @role.client

; WebSocket-Node: wsServer.on('request', (request) => { const connection = request.accept(...) }).
(call_expression
  function: (member_expression
    property: (property_identifier) @_on (#any-of? @_on "on" "once" "addListener"))
  arguments: (arguments
    (string (string_fragment) @_e (#eq? @_e "request"))
    [(arrow_function) (function_expression)])) @role.server

; Elysia and uWebSockets.js-style routes: app.ws('/path', { open(ws) {...}, message(ws, m) {...} }).
(call_expression
  function: (member_expression
    property: (property_identifier) @_ws (#eq? @_ws "ws"))
  arguments: (arguments . (string) . (object))) @role.server

; ws: new WebSocketServer(...) / new WebSocket.Server(...)
(new_expression
  constructor: [(identifier) (member_expression)] @_c
  (#match? @_c "^(WebSocketServer|WebSocket\\.Server|[A-Za-z_$]+\\.WebSocketServer)$")) @role.server

; wss.on('connection', (ws) => { ... }): the handler's socket is server-side. The browser has no
; such event, so this is ws evidence too (its marks then replace the global WebSocket's).
(call_expression
  function: (member_expression
    property: (property_identifier) @_on (#any-of? @_on "on" "once" "addListener"))
  arguments: (arguments
    (string (string_fragment) @_e (#eq? @_e "connection"))
    [(arrow_function) (function_expression)])) @role.server @lib.ws

; wss.handleUpgrade(req, socket, head, (ws) => { ... })
(call_expression
  function: (member_expression
    property: (property_identifier) @_h (#eq? @_h "handleUpgrade"))) @role.server @lib.ws

; A function's parameter is a new variable: a mark bound to the same name outside the function
; (`const ws = new WebSocket(url)` in a test) does not tell the role of the socket the function
; is handed (`wss.on('connection', (ws) => ws.close(1013))`).
; (TypeScript wraps each parameter in a node of its own: a plain name is matched by its text, so
; the pattern compiles for both grammars; typescript.scm adds the typed ones.)
((formal_parameters (_) @bind @role.unknown)
  (#match? @bind "^[A-Za-z_$][A-Za-z0-9_$]*$"))
(arrow_function parameter: (identifier) @bind @role.unknown)

; Objects that are not WebSockets but have a close(code) of their own: Node's HTTP/2 streams
; (`Http2Stream.close(code)` sends RST_STREAM with an HTTP/2 error code, 8 = NGHTTP2_CANCEL). In a
; file that also uses a WebSocket library (undici's tests), a close call on a name bound here is
; no close site (`NOT_A_SOCKET` in src/roles.rs). The stream a server's 'stream' handler gets:
(call_expression
  function: (member_expression
    property: (property_identifier) @_on (#any-of? @_on "on" "once" "addListener" "prependListener"))
  arguments: (arguments
    (string (string_fragment) @_e (#eq? @_e "stream"))
    [(arrow_function parameters: (formal_parameters . (_) @bind @role.other))
     (arrow_function parameter: (identifier) @bind @role.other)
     (function_expression parameters: (formal_parameters . (_) @bind @role.other))])
  (#match? @bind "^[A-Za-z_$][A-Za-z0-9_$]*$"))
; ... a client session's request (`const stream = session.request(headers)`) or pushed stream:
(variable_declarator
  name: (identifier) @bind
  value: (call_expression
    function: (member_expression
      property: (property_identifier) @_m (#any-of? @_m "request" "pushStream")))) @role.other
(assignment_expression
  left: (identifier) @bind
  right: (call_expression
    function: (member_expression
      property: (property_identifier) @_m (#any-of? @_m "request" "pushStream")))) @role.other

; uWS.App().ws('/*', { ... }) / uWS.SSLApp()
(call_expression
  function: (member_expression
    object: (call_expression
      function: (member_expression
        property: (property_identifier) @_app (#any-of? @_app "App" "SSLApp")))
    property: (property_identifier) @_ws (#eq? @_ws "ws"))) @role.server

; ---------------------------------------------------------------- scopes and constants

[
  (function_declaration)
  (function_expression)
  (arrow_function)
  (method_definition)
  (generator_function_declaration)
  (class_declaration)
] @scope

(program
  (lexical_declaration
    (variable_declarator
      name: (identifier) @const.name
      value: (number) @const.value)))
(program
  (export_statement
    (lexical_declaration
      (variable_declarator
        name: (identifier) @const.name
        value: (number) @const.value))))

; ---------------------------------------------------------------- received codes (hover)
; Code that reads a close code the peer sent: `event.code === 1006`, `1008 == code`,
; `switch (e.code) { case 1001: }`. Used only by the language server's hover, never a site.

(binary_expression
  left: [(member_expression property: (property_identifier) @_p) (identifier) @_p]
  right: (number) @read.code
  (#match? @_p "^(code|closeCode)$"))
(binary_expression
  left: (number) @read.code
  right: [(member_expression property: (property_identifier) @_p) (identifier) @_p]
  (#match? @_p "^(code|closeCode)$"))
(switch_statement
  value: (parenthesized_expression
    [(member_expression property: (property_identifier) @_p) (identifier) @_p])
  body: (switch_body (switch_case value: (number) @read.code))
  (#match? @_p "^(code|closeCode)$"))
