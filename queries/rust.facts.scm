; Project facts for the index (ARCHITECTURE.md, "Project facts"): function definitions with
; their parameters, calls with their arguments, constants with their owner type, imports.

; ---------------------------------------------------------------- definitions
; `fn kick(ws: &mut WebSocket, code: u16)`, methods too (`&self` is not a parameter callers pass).
(function_item name: (identifier) @def.name parameters: (parameters) @def.params) @def
; `let kick = |ws: &mut WebSocket, code: u16| …;`
(let_declaration
  pattern: (identifier) @def.name
  value: (closure_expression parameters: (closure_parameters) @def.params) @def)

; ---------------------------------------------------------------- calls
; Every call with arguments: `kick(ws, 4001)`, `self.kick(codes::AUTH)`, `net::kick(ws, 4001)`,
; `kick::<S>(ws, 4001)`.
(call_expression
  function: [
    (identifier) @call.name
    (field_expression field: (field_identifier) @call.name)
    (scoped_identifier name: (identifier) @call.name)
    (generic_function function: [
      (identifier) @call.name
      (field_expression field: (field_identifier) @call.name)
      (scoped_identifier name: (identifier) @call.name)
    ])
  ]
  arguments: (arguments (_)) @call.args) @close.call

; ---------------------------------------------------------------- constants
; `pub mod codes { pub const AUTH: u16 = 4001; }`: `codes::AUTH` (rust.scm has the bare name).
(mod_item
  name: (identifier) @const.owner
  body: (declaration_list
    [(const_item name: (identifier) @const.name value: (integer_literal) @const.value)
     (static_item name: (identifier) @const.name value: (integer_literal) @const.value)]))
; `impl AppClose { pub const AUTH: u16 = 4001; }`: `AppClose::AUTH`, `Self::AUTH`.
(impl_item
  type: [(type_identifier) @const.owner (generic_type type: (type_identifier) @const.owner)]
  body: (declaration_list
    (const_item name: (identifier) @const.name value: (integer_literal) @const.value)))
; `#[repr(u16)] enum AppClose { Auth = 4001 }`: `AppClose::Auth as u16`.
(enum_item
  name: (type_identifier) @const.owner
  body: (enum_variant_list
    (enum_variant name: (identifier) @const.name value: (integer_literal) @const.value)))
; `const AUTH: CloseCode = CloseCode::Library(4001);` (tungstenite), `CloseCode::from(4001)`,
; at file level, in a module or in an impl.
(source_file
  (const_item
    name: (identifier) @const.name
    value: (call_expression
      function: (scoped_identifier
        path: [(identifier) (scoped_identifier)] @_type
        name: (identifier) @_conv)
      arguments: (arguments . (integer_literal) @const.value .)))
  (#match? @_type "(^|::)CloseCode$")
  (#any-of? @_conv "Library" "Iana" "Bad" "from" "Other"))
(mod_item
  name: (identifier) @const.owner
  body: (declaration_list
    (const_item
      name: (identifier) @const.name
      value: (call_expression
        function: (scoped_identifier
          path: [(identifier) (scoped_identifier)] @_type
          name: (identifier) @_conv)
        arguments: (arguments . (integer_literal) @const.value .))))
  (#match? @_type "(^|::)CloseCode$")
  (#any-of? @_conv "Library" "Iana" "Bad" "from" "Other"))
(impl_item
  type: (type_identifier) @const.owner
  body: (declaration_list
    (const_item
      name: (identifier) @const.name
      value: (call_expression
        function: (scoped_identifier
          path: [(identifier) (scoped_identifier)] @_type
          name: (identifier) @_conv)
        arguments: (arguments . (integer_literal) @const.value .))))
  (#match? @_type "(^|::)CloseCode$")
  (#any-of? @_conv "Library" "Iana" "Bad" "from" "Other"))

; ---------------------------------------------------------------- imports
; `use crate::codes::AUTH as KICKED;`, `use crate::codes::{AUTH as KICKED};`
(use_as_clause
  path: [(identifier) @import.name (scoped_identifier name: (identifier) @import.name)]
  alias: (identifier) @import.alias)
