; inherits: javascript
; TypeScript and TSX: everything in javascript.scm, plus type annotations as evidence.

; (ws: WebSocket) => ... names the global WebSocket type.
(type_annotation
  (type_identifier) @_t (#eq? @_t "WebSocket")) @lib.browser
; The same type on a parameter names that parameter's socket: the mark is bound to it, so a
; `socket.close(...)` on another variable does not take it as its receiver's.
(required_parameter
  pattern: (identifier) @bind
  type: (type_annotation (type_identifier) @_t (#eq? @_t "WebSocket")) @lib.browser)

; A typed parameter (`(ws: WebSocket) => ...`) is a new variable too, like the plain ones in
; javascript.scm.
(formal_parameters (required_parameter pattern: (identifier) @bind @role.unknown))
(formal_parameters (optional_parameter pattern: (identifier) @bind @role.unknown))
