; Close sites in C#: System.Net.WebSockets (ASP.NET Core, HttpListener, ClientWebSocket, and the
; libraries that hand out its sockets: Ninja.WebSockets), Websocket.Client, Fleck,
; websocket-sharp and SuperSocket. Capture names are explained in ARCHITECTURE.md. A candidate
; becomes a site only when its code resolves to a number and one of its `api` libraries has
; evidence (@lib.*) in the file.
;
; Receive-side code (`result.CloseStatus == WebSocketCloseStatus.NormalClosure`), `Abort()`,
; `Dispose()` and `Close()` without a code (a TcpClient, a Stream, an HttpClient) are never
; sites.

; ---------------------------------------------------------------- System.Net.WebSockets

; `ws.CloseAsync(WebSocketCloseStatus.PolicyViolation, "bad token", ct)` and
; `ws.CloseOutputAsync(...)`: the status, the description, a cancellation token.
((invocation_expression
  function: (member_access_expression
    expression: (_) @close.receiver
    name: (identifier) @_m (#any-of? @_m "CloseAsync" "CloseOutputAsync"))
  arguments: (argument_list
    . (argument . [(member_access_expression) (integer_literal) (identifier) (parenthesized_expression)] @close.code .)
    . (argument . (_) @close.reason .))) @close.call
  (#set! api "dotnet websocket-sharp supersocket"))

; With named arguments: `ws.CloseOutputAsync(closeStatus: WebSocketCloseStatus.NormalClosure,
; statusDescription: "bye", cancellationToken: ct)`, in any order.
((invocation_expression
  function: (member_access_expression
    expression: (_) @close.receiver
    name: (identifier) @_m (#any-of? @_m "CloseAsync" "CloseOutputAsync"))
  arguments: (argument_list
    (argument
      name: (identifier) @_n (#eq? @_n "closeStatus")
      [(member_access_expression) (integer_literal) (identifier)] @close.code))) @close.call
  (#set! api "dotnet"))
((invocation_expression
  function: (member_access_expression
    name: (identifier) @_m (#any-of? @_m "CloseAsync" "CloseOutputAsync"))
  arguments: (argument_list
    (argument
      name: (identifier) @_d (#eq? @_d "statusDescription")
      (_) @close.reason))) @close.call)

; Websocket.Client `client.Stop(WebSocketCloseStatus.NormalClosure, "bye")` and
; `client.StopOrFail(...)` (Task<bool> Stop(WebSocketCloseStatus status, string
; statusDescription)). `Stop` is on every timer and service, so only a WebSocketCloseStatus
; (a member or a cast) counts as its code.
((invocation_expression
  function: (member_access_expression
    expression: (_) @close.receiver
    name: (identifier) @_m (#any-of? @_m "Stop" "StopOrFail"))
  arguments: (argument_list
    . (argument . (member_access_expression) @close.code .)
    . (argument . (_) @close.reason .) .)) @close.call
  (#match? @close.code "(^|\\.)WebSocketCloseStatus\\.[A-Za-z]+$")
  (#set! api "dotnet"))
((invocation_expression
  function: (member_access_expression
    expression: (_) @close.receiver
    name: (identifier) @_m (#any-of? @_m "Stop" "StopOrFail"))
  arguments: (argument_list
    . (argument . (cast_expression
        type: [(identifier) (qualified_name)] @_t
        value: (_) @close.code) .)
    . (argument . (_) @close.reason .) .)) @close.call
  (#match? @_t "(^|\\.)WebSocketCloseStatus$")
  (#set! api "dotnet"))

; A custom code by cast: `ws.CloseAsync((WebSocketCloseStatus)4001, "expired", ct)`. The code
; is the number inside, so a fix rewrites just the number.
((invocation_expression
  function: (member_access_expression
    expression: (_) @close.receiver
    name: (identifier) @_m (#any-of? @_m "CloseAsync" "CloseOutputAsync"))
  arguments: (argument_list
    . (argument . (cast_expression
        type: [(identifier) (qualified_name)] @_t
        value: (_) @close.code) .))) @close.call
  (#match? @_t "(^|\\.)WebSocketCloseStatus$")
  (#set! api "dotnet"))

; ---------------------------------------------------------------- Fleck, websocket-sharp

; Fleck `socket.Close(WebSocketStatusCodes.PolicyViolation)` (IWebSocketConnection.Close(int));
; websocket-sharp `ws.Close(CloseStatusCode.Normal, "bye")` / `ws.Close(1000)` /
; `ws.CloseAsync(...)`, and in a WebSocketBehavior `Sessions.CloseSession(id, code, reason)`.
; `Close` is on every stream and socket, so the file must use one of these libraries.
((invocation_expression
  function: (member_access_expression
    expression: (_) @close.receiver
    name: (identifier) @_m (#eq? @_m "Close"))
  arguments: (argument_list . (argument . [(member_access_expression) (integer_literal) (identifier) (parenthesized_expression)] @close.code .))) @close.call
  (#set! api "fleck websocket-sharp"))
((invocation_expression
  function: (member_access_expression
    name: (identifier) @_m (#any-of? @_m "Close" "CloseAsync" "CloseOutputAsync"))
  arguments: (argument_list . (argument) . (argument . (_) @close.reason .))) @close.call)
; SuperSocket `session.CloseAsync(CloseReason.ViolatePolicy)` (WebSocketSession.CloseAsync(
; CloseReason reason, string reasonText = null)); with a reason, the CloseAsync pattern above.
; SuperSocket.Connection has a CloseReason enum too (LocalClosing, TimeOut…): its names are
; not in the table, so they never resolve.
((invocation_expression
  function: (member_access_expression
    expression: (_) @close.receiver
    name: (identifier) @_m (#eq? @_m "CloseAsync"))
  arguments: (argument_list . (argument . (member_access_expression) @close.code .) .)) @close.call
  (#match? @close.code "(^|\\.)CloseReason\\.[A-Za-z]+$")
  (#set! api "supersocket"))
((invocation_expression
  function: (member_access_expression
    name: (identifier) @_m (#eq? @_m "CloseSession"))
  arguments: (argument_list . (argument) . (argument . (_) @close.code .) . (argument . (_) @close.reason .))) @close.call
  (#set! api "websocket-sharp"))

; ---------------------------------------------------------------- library evidence

((using_directive) @lib.dotnet
  (#match? @lib.dotnet "System\\.Net\\.WebSockets"))
((using_directive) @lib.fleck
  (#match? @lib.fleck "^using\\s+Fleck\\s*;"))
((using_directive) @lib.websocket-sharp
  (#match? @lib.websocket-sharp "^using\\s+WebSocketSharp(\\.Server)?\\s*;"))
((using_directive) @lib.supersocket
  (#match? @lib.supersocket "^using\\s+SuperSocket\\.WebSocket(\\.Server)?\\s*;"))
; Ninja.WebSockets and Websocket.Client hand out System.Net.WebSockets sockets and close codes;
; ASP.NET Core's `AcceptWebSocketAsync()` does too, where implicit or global usings bring
; System.Net.WebSockets into scope without a using in the file.
((using_directive) @lib.dotnet
  (#match? @lib.dotnet "^using\\s+(Ninja\\.WebSockets|Websocket\\.Client)\\s*;"))
(invocation_expression
  function: (member_access_expression
    name: (identifier) @_f (#eq? @_f "AcceptWebSocketAsync"))) @lib.dotnet
; A fully qualified name also counts: `System.Net.WebSockets.WebSocketCloseStatus.NormalClosure`.
((qualified_name) @lib.dotnet
  (#match? @lib.dotnet "^System\\.Net\\.WebSockets$"))
; Namespaces of the libraries themselves.
((namespace_declaration name: (_) @lib.dotnet)
  (#eq? @lib.dotnet "System.Net.WebSockets"))
((file_scoped_namespace_declaration name: (_) @lib.dotnet)
  (#eq? @lib.dotnet "System.Net.WebSockets"))

; ---------------------------------------------------------------- roles

; ASP.NET Core `await HttpContext.WebSockets.AcceptWebSocketAsync()` and HttpListener
; `(await ctx.AcceptWebSocketAsync(null)).WebSocket` accept a client: server.
(invocation_expression
  function: (member_access_expression
    name: (identifier) @_f (#eq? @_f "AcceptWebSocketAsync"))) @role.server
; `new ClientWebSocket()` dials out, and so do Websocket.Client's `new WebsocketClient(url)`
; and Ninja.WebSockets' `new WebSocketClientFactory()`; its `WebSocketServerFactory` and
; SuperSocket's `WebSocketHostBuilder` / `WebSocketSession` serve.
(object_creation_expression
  type: [(identifier) (qualified_name)] @_t (#match? @_t "(^|\\.)(ClientWebSocket|WebsocketClient|WebSocketClientFactory)$")) @role.client
(object_creation_expression
  type: [(identifier) (qualified_name)] @_t (#match? @_t "(^|\\.)WebSocketServerFactory$")) @role.server
((identifier) @role.server
  (#any-of? @role.server "WebSocketHostBuilder" "WebSocketSession"))
; `WebSocket.CreateFromStream(stream, isServer: true, ...)` or with
; `new WebSocketCreationOptions { IsServer = true }`.
(invocation_expression
  function: (member_access_expression
    name: (identifier) @_f (#eq? @_f "CreateFromStream"))
  arguments: (argument_list
    . (argument)
    . (argument (boolean_literal) @_b (#eq? @_b "true")))) @role.server
(invocation_expression
  function: (member_access_expression
    name: (identifier) @_f (#eq? @_f "CreateFromStream"))
  arguments: (argument_list
    . (argument)
    . (argument (boolean_literal) @_b (#eq? @_b "false")))) @role.client
((assignment_expression
  left: (identifier) @_p (#eq? @_p "IsServer")
  right: (boolean_literal) @_b (#eq? @_b "true")) @role.server)
((assignment_expression
  left: (identifier) @_p (#eq? @_p "IsServer")
  right: (boolean_literal) @_b (#eq? @_b "false")) @role.client)
; websocket-sharp: a `WebSocketBehavior` subclass is the server side; `new WebSocket(url)`
; from WebSocketSharp is a client.
((base_list (identifier) @role.server)
  (#eq? @role.server "WebSocketBehavior"))
(object_creation_expression
  type: [(identifier) (qualified_name)] @_t (#match? @_t "(^|\\.)WebSocket$")) @role.client

; The variable a socket is assigned to (`var ws = await ...AcceptWebSocketAsync()`,
; `using var c = new ClientWebSocket()`), for the marks on the value. The same patterns give
; every variable's assignments (`@local.*`), for a code held in a local variable (`var status =
; WebSocketCloseStatus.InvalidMessageType; await ws.CloseAsync(status, "", ct)`): every value
; counts, so a variable assigned two codes resolves to none.
(variable_declarator
  name: (identifier) @bind @local.name
  [
    (await_expression [(invocation_expression) (object_creation_expression)] @bind.value)
    (invocation_expression) @bind.value
    (object_creation_expression) @bind.value
    (_) @local.value
  ])
(assignment_expression
  left: (identifier) @bind @local.name
  right: [
    (await_expression [(invocation_expression) (object_creation_expression)] @bind.value)
    (invocation_expression) @bind.value
    (object_creation_expression) @bind.value
    (_) @local.value
  ])

; ---------------------------------------------------------------- scopes and constants

[
  (class_declaration)
  (method_declaration)
  (constructor_declaration)
  (local_function_statement)
  (lambda_expression)
  (anonymous_method_expression)
] @scope

; `const int Expired = 4001;` in a class.
(field_declaration
  (modifier "const")
  (variable_declaration
    (variable_declarator
      name: (identifier) @const.name
      (integer_literal) @const.value)))

; ---------------------------------------------------------------- received codes (hover)
; `result.CloseStatus == WebSocketCloseStatus.EndpointUnavailable`, `case 1001:` in a switch
; on a close status.

(binary_expression
  left: [(member_access_expression name: (identifier) @_p) (identifier) @_p]
  right: [(member_access_expression) (integer_literal) (cast_expression value: (integer_literal))] @read.code
  (#match? @_p "^(CloseStatus|closeStatus|Code|code|StatusCode)$"))
(switch_statement
  value: [(member_access_expression name: (identifier) @_p) (identifier) @_p]
  body: (switch_body
    (switch_section
      (constant_pattern [(member_access_expression) (integer_literal)] @read.code)))
  (#match? @_p "^(CloseStatus|closeStatus|Code|code|StatusCode)$"))

; ---------------------------------------------------------------- own code
; The namespace the file declares (`packages` in src/libraries/csharp.toml): a library's own
; code, where it never imports itself.
(namespace_declaration name: (_) @module.name)
(file_scoped_namespace_declaration name: (_) @module.name)

; Fleck's own code: WebSocketConnection closes itself with `Close(WebSocketStatusCodes.ProtocolError)`;
; a receiver-less `Close(code)` counts only in the library's own code (`namespace Fleck`).
((invocation_expression
  function: (identifier) @_m (#eq? @_m "Close")
  arguments: (argument_list . (argument . [(member_access_expression) (integer_literal)] @close.code .))) @close.call
  (#set! api "fleck")
  (#set! evidence "own"))
