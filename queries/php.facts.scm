; Project facts for the index (ARCHITECTURE.md, "Project facts"): function definitions with
; their parameters, calls with their arguments, constants with their owner type, imports.

; ---------------------------------------------------------------- definitions
; Parameter names keep their `$` (`facts::param_names`), as the code expression spells them.
(function_definition name: (name) @def.name parameters: (formal_parameters (_)) @def.params) @def
(method_declaration name: (name) @def.name parameters: (formal_parameters (_)) @def.params) @def

; ---------------------------------------------------------------- calls
; `kick($conn, 4001)`, `$this->kick(...)`, `$this?->kick(...)`, `self::kick(...)`,
; `Closer::kick(...)`, `\App\kick(...)`.
(function_call_expression
  function: [(name) @call.name (qualified_name (name) @call.name .)]
  arguments: (arguments (_)) @call.args) @close.call
(member_call_expression name: (name) @call.name arguments: (arguments (_)) @call.args) @close.call
(nullsafe_member_call_expression
  name: (name) @call.name arguments: (arguments (_)) @call.args) @close.call
(scoped_call_expression name: (name) @call.name arguments: (arguments (_)) @call.args) @close.call

; A close helper's own call: `$conn->close($code)` in `function kick($conn, int $code)`
; (php.scm takes only codes that can resolve to a number).
((member_call_expression
  object: (_) @close.receiver
  name: (name) @_m (#eq? @_m "close")
  arguments: (arguments
    .
    (argument (variable_name) @close.code)
    .
    (argument)?)) @close.call
  (#set! api "ratchet amphp websocket-php"))
((member_call_expression
  object: (_) @close.receiver
  name: (name) @_m (#eq? @_m "disconnect")
  arguments: (arguments
    .
    (argument)
    .
    (argument (variable_name) @close.code)
    .
    (argument)?)) @close.call
  (#set! api "swoole"))

; ---------------------------------------------------------------- constants
; `class CloseCodes { public const AUTH = 4001; }`, in an interface, trait or enum too.
([
  (class_declaration name: (name) @const.owner
    body: (declaration_list
      (const_declaration (const_element (name) @const.name [(integer) (unary_op_expression)] @const.value))))
  (interface_declaration name: (name) @const.owner
    body: (declaration_list
      (const_declaration (const_element (name) @const.name [(integer) (unary_op_expression)] @const.value))))
  (trait_declaration name: (name) @const.owner
    body: (declaration_list
      (const_declaration (const_element (name) @const.name [(integer) (unary_op_expression)] @const.value))))
  (enum_declaration name: (name) @const.owner
    body: (enum_declaration_list
      (const_declaration (const_element (name) @const.name [(integer) (unary_op_expression)] @const.value))))
])
; A backed enum's case: `enum CloseCode: int { case Auth = 4001; }` (`CloseCode::Auth->value`).
(enum_declaration
  name: (name) @const.owner
  body: (enum_declaration_list
    (enum_case name: (name) @const.name value: (integer) @const.value)))
; `define('AUTH', 4001);` at file level.
(program
  (expression_statement
    (function_call_expression
      function: (name) @_define
      arguments: (arguments
        .
        (argument (string (string_content) @const.name))
        .
        (argument (integer) @const.value) .)))
  (#eq? @_define "define"))

; ---------------------------------------------------------------- imports
; `use App\Ws\CloseCodes as Codes;`
(namespace_use_clause
  [(name) @import.name (qualified_name (name) @import.name .)]
  alias: (name) @import.alias)
