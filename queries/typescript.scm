; inherits: javascript
; TypeScript and TSX: everything in javascript.scm, plus type annotations as evidence.

; (ws: WebSocket) => ... names the global WebSocket type.
(type_annotation
  (type_identifier) @_t (#eq? @_t "WebSocket")) @lib.browser
