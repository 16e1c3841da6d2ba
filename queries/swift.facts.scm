; Project facts for the index (ARCHITECTURE.md, "Project facts"): function definitions with
; their parameters, calls with their arguments, constants with their owner type, imports.

; ---------------------------------------------------------------- definitions
; A Swift declaration holds its `parameter`s itself (no list node): `facts::param_names` reads
; a declaration's `parameter` children. The parameter's `name` is the internal name the body
; uses (`func kick(_ code: UInt16)`); callers pass it unlabelled or under that same label.
(function_declaration
  name: (simple_identifier) @def.name
  (parameter)) @def @def.params

; ---------------------------------------------------------------- calls
; `session.kick(4001)`, `kick(ws, code: Codes.auth)`, `Session.shared.kick(...)`.
(call_expression
  [
    (simple_identifier) @call.name
    (navigation_expression suffix: (navigation_suffix suffix: (simple_identifier) @call.name))
  ]
  (call_suffix (value_arguments (value_argument)) @call.args)) @close.call

; ---------------------------------------------------------------- constants
; `enum CloseCode: UInt16 { case unauthorized = 4001 }` (read as `CloseCode.unauthorized
; .rawValue`, or `.unauthorized` where the type is inferred).
(class_declaration
  name: [(type_identifier) @const.owner (user_type (type_identifier) @const.owner)]
  body: (enum_class_body
    (enum_entry
      name: (simple_identifier) @const.name
      raw_value: [(integer_literal) (hex_literal)] @const.value)))
; `struct Codes { static let auth: UInt16 = 4001 }`, a caseless `enum Codes` used as a
; namespace, an `extension Codes`.
(class_declaration
  name: [(type_identifier) @const.owner (user_type (type_identifier) @const.owner)]
  body: (_
    (property_declaration
      (modifiers (property_modifier) @_static)
      (value_binding_pattern) @_let
      name: (pattern bound_identifier: (simple_identifier) @const.name)
      value: [(integer_literal) (hex_literal)] @const.value))
  (#eq? @_static "static")
  (#eq? @_let "let"))
