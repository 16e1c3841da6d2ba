; Project facts for the index (ARCHITECTURE.md, "Project facts"): function definitions with
; their parameters, calls with their arguments, constants with their owner type, imports.
; C files (.c, .h) are parsed with the C++ grammar too.

; ---------------------------------------------------------------- definitions
; `void kick(ws_t &ws, uint16_t code) {…}`, `void Session::kick(uint16_t code) {…}` (callers
; spell the last name), `static char *fail(struct lws *wsi, int code) {…}`, and methods
; defined in their class. Declarations without a body are not definitions.
(function_definition
  declarator: [
    (function_declarator
      declarator: [
        (identifier) @def.name
        (field_identifier) @def.name
        (qualified_identifier name: (identifier) @def.name)
        (qualified_identifier name: (qualified_identifier name: (identifier) @def.name))
      ]
      parameters: (parameter_list) @def.params)
    (pointer_declarator
      declarator: (function_declarator
        declarator: [
          (identifier) @def.name
          (field_identifier) @def.name
          (qualified_identifier name: (identifier) @def.name)
        ]
        parameters: (parameter_list) @def.params))
    (reference_declarator
      (function_declarator
        declarator: [
          (identifier) @def.name
          (field_identifier) @def.name
          (qualified_identifier name: (identifier) @def.name)
        ]
        parameters: (parameter_list) @def.params))
  ]) @def
; `auto kick = [&](uint16_t code) {…};`
(declaration
  declarator: (init_declarator
    declarator: (identifier) @def.name
    value: (lambda_expression
      declarator: (abstract_function_declarator parameters: (parameter_list) @def.params)) @def))

; ---------------------------------------------------------------- calls
; Every call with arguments: `kick(ws, 4001)`, `s.kick(CLOSE_AUTH)`, `s->kick(4001)`,
; `app::net::kick(ws, codes::kAuth)`.
(call_expression
  function: [
    (identifier) @call.name
    (field_expression field: (field_identifier) @call.name)
    (qualified_identifier name: (identifier) @call.name)
    (qualified_identifier name: (qualified_identifier name: (identifier) @call.name))
  ]
  arguments: (argument_list (_)) @call.args) @close.call

; ---------------------------------------------------------------- constants
; `enum class AppClose : uint16_t { Auth = 4001 };` (`AppClose::Auth`) and C's
; `enum app_close { APP_CLOSE_AUTH = 4001 };` (named bare, which matches any owner).
(enum_specifier
  name: (type_identifier) @const.owner
  body: (enumerator_list
    (enumerator name: (identifier) @const.name value: (number_literal) @const.value)))
; `enum { RELAY_CLOSE_AUTH = 4001 };`: an anonymous enum, C's usual way to name a constant.
(enum_specifier
  !name
  body: (enumerator_list
    (enumerator name: (identifier) @const.name value: (number_literal) @const.value)))
; `struct Codes { static constexpr uint16_t AUTH = 4001; };` (`Codes::AUTH`).
((struct_specifier
  name: (type_identifier) @const.owner
  body: (field_declaration_list
    (field_declaration
      (storage_class_specifier) @_static
      declarator: (field_identifier) @const.name
      default_value: (number_literal) @const.value)))
  (#eq? @_static "static"))
((class_specifier
  name: (type_identifier) @const.owner
  body: (field_declaration_list
    (field_declaration
      (storage_class_specifier) @_static
      declarator: (field_identifier) @const.name
      default_value: (number_literal) @const.value)))
  (#eq? @_static "static"))
; `namespace codes { constexpr uint16_t kAuth = 4001; }` (`codes::kAuth`; cpp.scm has the
; bare name).
(namespace_definition
  name: (namespace_identifier) @const.owner
  body: (declaration_list
    (declaration
      declarator: (init_declarator
        declarator: (identifier) @const.name
        value: (number_literal) @const.value))))
