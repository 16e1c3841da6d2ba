; Project facts for the index (ARCHITECTURE.md, "Project facts"): function definitions with
; their parameters, calls with their arguments, constants with their owner type, imports.
; TypeScript and TSX read this file too (typescript.scm inherits javascript.scm).

; ---------------------------------------------------------------- definitions
(function_declaration name: (identifier) @def.name parameters: (formal_parameters) @def.params) @def
(generator_function_declaration name: (identifier) @def.name parameters: (formal_parameters) @def.params) @def
(method_definition name: (property_identifier) @def.name parameters: (formal_parameters) @def.params) @def
; `const fail = (ws, code) => ws.close(code)`, `const fail = function (ws, code) {…}`
(variable_declarator
  name: (identifier) @def.name
  value: [
    (arrow_function parameters: (formal_parameters) @def.params)
    (arrow_function parameter: (identifier) @def.params)
    (function_expression parameters: (formal_parameters) @def.params)
  ] @def)
; `exports.fail = (ws, code) => …`, `Session.prototype.kick = function (code) {…}`
(assignment_expression
  left: (member_expression property: (property_identifier) @def.name)
  right: [
    (arrow_function parameters: (formal_parameters) @def.params)
    (arrow_function parameter: (identifier) @def.params)
    (function_expression parameters: (formal_parameters) @def.params)
  ] @def)
; `{ kick(code) {…} }` is a method_definition; `{ kick: (code) => … }` a pair.
(pair
  key: (property_identifier) @def.name
  value: [
    (arrow_function parameters: (formal_parameters) @def.params)
    (arrow_function parameter: (identifier) @def.params)
    (function_expression parameters: (formal_parameters) @def.params)
  ] @def)

; ---------------------------------------------------------------- calls
; Every call with arguments: a call of a close helper, or one passing a parameter on. Not on a
; SockJS session (`this.session.close(3000, reason)`, javascript.scm): its close is not the
; close helper of the same name that a transport beside it defines.
((call_expression
  function: [
    (identifier) @call.name
    (member_expression object: (_) @_recv property: (property_identifier) @call.name)
  ]
  arguments: (arguments (_)) @call.args) @close.call
  (#not-match? @_recv "(^|[.])_?session$"))

; ---------------------------------------------------------------- constants
; `const CloseCode = { Forbidden: 4003 }` (and `… as const` in TypeScript, typescript.facts.scm)
(variable_declarator
  name: (identifier) @const.owner
  value: (object
    (pair
      key: [(property_identifier) (string (string_fragment))] @const.name
      value: (number) @const.value)))
; `exports.AUTH = 4001`, `module.exports.AUTH = 4001`, `Codes.AUTH = 4001`
(expression_statement
  (assignment_expression
    left: (member_expression
      object: [(identifier) (member_expression)] @_object
      property: (property_identifier) @const.name)
    right: (number) @const.value)
  (#match? @_object "^(module\\.)?exports$"))

; ---------------------------------------------------------------- imports
; `import { AUTH as A } from './codes'`
(import_specifier name: (identifier) @import.name alias: (identifier) @import.alias)

; ---------------------------------------------------------------- compiled enums
; TypeScript's `enum CloseCode { Forbidden = 4403 }` as tsc and bundlers emit it:
; `CloseCode[CloseCode["Forbidden"] = 4403] = "Forbidden"`.
(assignment_expression
  left: (subscript_expression
    object: (identifier) @const.owner
    index: (string (string_fragment) @const.name))
  right: (number) @const.value)

; ---------------------------------------------------------------- guards
; A block that runs only when a name is falsy or truthy: a helper's close call under
; `if (!skipCloseFrame) { … }` sends nothing when a caller passes `true` (WebSocket-Node's drop).
(if_statement
  condition: (parenthesized_expression
    (unary_expression operator: "!" argument: (identifier) @guard.unless))
  consequence: (_) @guard)
(if_statement
  condition: (parenthesized_expression (identifier) @guard.if)
  consequence: (_) @guard)
