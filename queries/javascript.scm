; Close sites in JavaScript (and, through `; inherits: javascript`, TypeScript and TSX).
; Capture names are explained in ARCHITECTURE.md. A candidate becomes a site only when its
; code resolves to a number and one of its `api` libraries has evidence (@lib.*) in the file.

; ---------------------------------------------------------------- close calls

; socket.close(code[, reason]): the browser WebSocket, ws, Bun's ServerWebSocket, Deno.
((call_expression
  function: (member_expression
    object: (_) @close.receiver
    property: (property_identifier) @_m (#eq? @_m "close"))
  arguments: (arguments . (_) @close.code . (_)? @close.reason)) @close.call
  (#set! api "ws bun deno browser"))

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

(import_statement
  source: (string (string_fragment) @_s (#eq? @_s "uWebSockets.js"))) @lib.uwebsockets
(call_expression
  function: (identifier) @_r (#eq? @_r "require")
  arguments: (arguments (string (string_fragment) @_s (#eq? @_s "uWebSockets.js")))) @lib.uwebsockets

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

; ws: new WebSocketServer(...) / new WebSocket.Server(...)
(new_expression
  constructor: [(identifier) (member_expression)] @_c
  (#match? @_c "^(WebSocketServer|WebSocket\\.Server|[A-Za-z_$]+\\.WebSocketServer)$")) @role.server

; wss.on('connection', (ws) => { ... }): the handler's socket is server-side.
(call_expression
  function: (member_expression
    property: (property_identifier) @_on (#any-of? @_on "on" "once" "addListener"))
  arguments: (arguments
    (string (string_fragment) @_e (#eq? @_e "connection"))
    [(arrow_function) (function_expression)])) @role.server

; wss.handleUpgrade(req, socket, head, (ws) => { ... })
(call_expression
  function: (member_expression
    property: (property_identifier) @_h (#eq? @_h "handleUpgrade"))) @role.server

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
