; Close sites in C#: System.Net.WebSockets (ASP.NET Core, HttpListener, ClientWebSocket), Fleck
; and websocket-sharp. Capture names are explained in ARCHITECTURE.md. A candidate becomes a
; site only when its code resolves to a number and one of its `api` libraries has evidence
; (@lib.*) in the file.
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
  (#set! api "dotnet websocket-sharp"))

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
; `new ClientWebSocket()` dials out.
(object_creation_expression
  type: [(identifier) (qualified_name)] @_t (#match? @_t "(^|\\.)ClientWebSocket$")) @role.client
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
; `using var c = new ClientWebSocket()`), for the marks on the value.
(variable_declarator
  name: (identifier) @bind
  [
    (await_expression [(invocation_expression) (object_creation_expression)] @bind.value)
    (invocation_expression) @bind.value
    (object_creation_expression) @bind.value
  ])
(assignment_expression
  left: (identifier) @bind
  right: [
    (await_expression [(invocation_expression) (object_creation_expression)] @bind.value)
    (invocation_expression) @bind.value
    (object_creation_expression) @bind.value
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
