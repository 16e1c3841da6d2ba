; Project facts for the index (ARCHITECTURE.md, "Project facts"): function definitions with
; their parameters, calls with their arguments, constants with their owner type, imports.

; ---------------------------------------------------------------- definitions
; Functions and methods (`void kick(WebSocketChannel ch, int code)`, `{required int code}`:
; `facts::param_names` reads the optional and named parameters' groups too).
(function_declaration
  signature: (function_signature
    name: (identifier) @def.name
    parameters: (formal_parameter_list (_)) @def.params)) @def
(method_declaration
  signature: (method_signature
    (function_signature
      name: (identifier) @def.name
      parameters: (formal_parameter_list (_)) @def.params))) @def

; ---------------------------------------------------------------- calls
; `kick(ch, 4001)`, `session.kick(code: Codes.auth)`, `session?.kick(...)`.
(call_expression
  function: [
    (identifier) @call.name
    (member_expression property: (identifier) @call.name)
    (null_aware_member_expression property: (identifier) @call.name)
  ]
  arguments: (arguments (_)) @call.args) @close.call

; ---------------------------------------------------------------- constants
; `class CloseCodes { static const int auth = 4001; static const a = 1, b = 2; }` (and
; `static final`), in a mixin or an extension too.
(_
  name: (identifier) @const.owner
  body: (_
    (member_declaration
      (declaration
        (static_final_declaration_list
          (static_final_declaration
            name: (identifier) @const.name
            value: [(decimal_integer_literal) (hex_integer_literal)] @const.value))))))
; Enhanced enums: `enum AppClose { banned(4003); const AppClose(this.code); final int code; }`
; read as `AppClose.banned.code`.
(enum_declaration
  name: (identifier) @const.owner
  body: (enum_body
    (enum_entry
      name: (identifier) @const.name
      (arguments . [(decimal_integer_literal) (hex_integer_literal)] @const.value .))))
