; Project facts for the index (ARCHITECTURE.md, "Project facts"): function definitions with
; their parameters, calls with their arguments, constants with their owner type, imports.

; ---------------------------------------------------------------- definitions
; `def kick(ws, code, reason = nil)`, `def self.kick(ws, code:)` (a keyword parameter is
; passed as `code: 4001`, read by its label).
(method name: (identifier) @def.name parameters: (method_parameters (_)) @def.params) @def
(singleton_method name: (identifier) @def.name parameters: (method_parameters (_)) @def.params) @def

; ---------------------------------------------------------------- calls
; `kick(ws, 4001)`, `session.kick ws, Codes::AUTH`, `Session.kick(ws, code: 4001)`.
(call method: (identifier) @call.name arguments: (argument_list (_)) @call.args) @close.call

; A close helper's own call, its code a parameter (ruby.scm takes only codes that can resolve
; to a number): `ws.close(code, reason)`, `@driver.close(reason, code)`,
; `@handler.close_websocket(code, body)`. The name must read as a code, since
; websocket-driver's `close(reason, code)` puts another parameter first.
((call
  receiver: (_) @close.receiver
  method: (identifier) @_m (#eq? @_m "close")
  arguments: (argument_list . (identifier) @close.code . (_)? .)) @close.call
  (#match? @close.code "^(code|close_code|status|status_code|[a-z_]*_code)$")
  (#set! api "faye em-websocket async-websocket"))
((call
  receiver: (_) @close.receiver
  method: (identifier) @_m (#eq? @_m "close")
  arguments: (argument_list . (_) . (identifier) @close.code .)) @close.call
  (#match? @close.code "^(code|close_code|status|status_code|[a-z_]*_code)$")
  (#set! api "websocket-driver"))
((call
  receiver: (_) @close.receiver
  method: (identifier) @_m (#eq? @_m "close_websocket")
  arguments: (argument_list . (identifier) @close.code . (_)? .)) @close.call
  (#set! api "em-websocket"))

; ---------------------------------------------------------------- constants
; `module CloseCodes; AUTH = 4001; end`, `class Session; KICKED = 4001; end`
; (`CloseCodes::AUTH`, `Chat::CloseCodes::AUTH`), `module Chat::CloseCodes` too.
(module
  name: [(constant) @const.owner (scope_resolution name: (constant) @const.owner)]
  body: (body_statement
    (assignment
      left: (constant) @const.name
      right: [(integer) (unary)] @const.value)))
(class
  name: [(constant) @const.owner (scope_resolution name: (constant) @const.owner)]
  body: (body_statement
    (assignment
      left: (constant) @const.name
      right: [(integer) (unary)] @const.value)))

; ---------------------------------------------------------------- library evidence
; Code inside `module EventMachine; module WebSocket` (em-websocket itself, and extensions
; written in its namespace) uses em-websocket without naming it as `EM::WebSocket`.
(module
  name: (constant) @_em
  body: (body_statement
    (module name: (constant) @_ws) @lib.em-websocket)
  (#any-of? @_em "EM" "EventMachine")
  (#eq? @_ws "WebSocket"))
