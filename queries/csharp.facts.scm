; Project facts for the index (ARCHITECTURE.md, "Project facts"): function definitions with
; their parameters, calls with their arguments, constants with their owner type, imports.

; ---------------------------------------------------------------- definitions
; `static Task CloseWithAsync(WebSocket ws, WebSocketCloseStatus status, string reason)`, with a
; block or an expression body, and local functions. An extension method's `this WebSocket ws`
; is its receiver: `ws.CloseWithAsync(status, reason)` passes the status first
; (facts::param_names leaves it out).
(method_declaration
  name: (identifier) @def.name
  parameters: (parameter_list) @def.params
  body: (_)) @def
(local_function_statement
  name: (identifier) @def.name
  parameters: (parameter_list) @def.params
  body: (_)) @def

; ---------------------------------------------------------------- calls
; Every call with arguments: `CloseWithAsync(ws, 4001, "x")`, `Closer.Fail(ws, code: 4001)`,
; `ws.CloseWithAsync(WebSocketCloseStatus.PolicyViolation, "x")`, `ws?.Fail(code)`, generic
; `Fail<T>(…)`.
(invocation_expression
  function: [
    (identifier) @call.name
    (generic_name . (identifier) @call.name)
    (member_access_expression name: [(identifier) @call.name (generic_name . (identifier) @call.name)])
    (conditional_access_expression (member_binding_expression name: [(identifier) @call.name (generic_name . (identifier) @call.name)]))
  ]
  arguments: (argument_list (argument)) @call.args) @close.call

; ---------------------------------------------------------------- constants
; `public const int AuthFailed = 4001;` and `public static readonly int AuthFailed = 4001;` in a
; class, struct or record; `const WebSocketCloseStatus Banned = (WebSocketCloseStatus)4003;`.
((_
  name: (identifier) @const.owner
  body: (declaration_list
    (field_declaration
      (modifier) @_m
      (variable_declaration
        (variable_declarator
          name: (identifier) @const.name
          [
            (integer_literal) @const.value
            (cast_expression value: (integer_literal) @const.value)
          ])))))
  (#any-of? @_m "const" "readonly"))
; `enum AppCloseCode { RateLimited = 4029 }`, cast where it is sent:
; `(WebSocketCloseStatus)AppCloseCode.RateLimited`. Only four-digit values: an enum of small
; numbers is a state or another protocol's codes.
((enum_declaration
  name: (identifier) @const.owner
  body: (enum_member_declaration_list
    (enum_member_declaration
      name: (identifier) @const.name
      value: (integer_literal) @const.value)))
  (#match? @const.value "^[1-4][0-9][0-9][0-9]$"))

; ---------------------------------------------------------------- imports
; `using Codes = MyApp.Ws.CloseCodes;`
(using_directive
  name: (identifier) @import.alias
  [
    (identifier) @import.name
    (qualified_name name: (identifier) @import.name)
  ])

; ---------------------------------------------------------------- a WebSocket's own close
; Inside a class deriving from WebSocket (ManagedWebSocket, a test double), its own
; `CloseOutputAsync(closeStatus, string.Empty, default)` without a receiver: the close call a
; helper such as `CloseWithReceiveErrorAndThrowAsync(WebSocketCloseStatus status, …)` wraps.
; (A close-site pattern, kept beside the facts because helpers are what it serves.)
; `CloseOutputAsync` is WebSocket's own name, so the shape names the library (and ties the call
; to it, as a helper's close call must be); a bare `CloseAsync` needs the file's evidence.
((invocation_expression
  function: (identifier) @_m (#eq? @_m "CloseOutputAsync")
  arguments: (argument_list
    . (argument . [(member_access_expression) (integer_literal) (identifier) (parenthesized_expression)] @close.code .)
    . (argument . (_) @close.reason .))) @close.call
  (#set! api "dotnet")
  (#set! evidence "self"))
((invocation_expression
  function: (identifier) @_m (#eq? @_m "CloseAsync")
  arguments: (argument_list
    . (argument . [(member_access_expression) (integer_literal) (identifier) (parenthesized_expression)] @close.code .)
    . (argument . (_) @close.reason .))) @close.call
  (#set! api "dotnet"))
