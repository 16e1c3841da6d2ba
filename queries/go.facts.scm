; Project facts for the index (ARCHITECTURE.md, "Project facts"): function definitions with
; their parameters, calls with their arguments, constants with their owner type, imports.
;
; Go has no owner types for constants: a package-level `const ( CloseAuth = 4001 )` (go.scm) is
; named `CloseAuth` in its package and `codes.CloseAuth` elsewhere, which the index matches by
; the defining file's directory. Whole-package imports (`import codes ".../codes"`) need no
; alias facts: the owner segment is the package's directory name.

; ---------------------------------------------------------------- definitions
; `func kick(conn *websocket.Conn, code int)`, `func (s *Session) kick(code int)` (the
; receiver is not among the parameters).
(function_declaration name: (identifier) @def.name parameters: (parameter_list) @def.params) @def
(method_declaration name: (field_identifier) @def.name parameters: (parameter_list) @def.params) @def
; `kick := func(conn *websocket.Conn, code int) {…}`, `var kick = func(…) {…}`
(short_var_declaration
  left: (expression_list . (identifier) @def.name .)
  right: (expression_list . (func_literal parameters: (parameter_list) @def.params) @def .))
(var_spec
  name: (identifier) @def.name
  value: (expression_list . (func_literal parameters: (parameter_list) @def.params) @def .))

; ---------------------------------------------------------------- calls
; Every call with arguments: `kick(conn, 4001)`, `s.kick(codes.CloseAuth)`, `pkg.Kick(c, 4001)`.
(call_expression
  function: [
    (identifier) @call.name
    (selector_expression field: (field_identifier) @call.name)
  ]
  arguments: (argument_list (_)) @call.args) @close.call

; ---------------------------------------------------------------- constants
; `const CloseAuth = websocket.StatusCode(4001)` (coder), `ws.StatusCode(4001)` (gobwas):
; a code type's conversion of a literal, at package level.
(source_file
  (const_declaration
    (const_spec
      name: (identifier) @const.name
      value: (expression_list
        .
        (call_expression
          function: [(identifier) (selector_expression field: (field_identifier))] @_type
          arguments: (argument_list . (int_literal) @const.value .))
        .)))
  (#match? @_type "(StatusCode|CloseCode)$"))
