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

; A parameter's default value: a caller passing `undefined` gets it (`_disconnect(undefined)`
; with `_disconnect(code = 1000)`), in source and as tsc compiles it
; (`if (code === void 0) { code = 1000; }`); TypeScript's typed form is in typescript.facts.scm.
; (No `formal_parameters` parent: TypeScript's wraps each parameter, and reads this file too.)
(assignment_pattern left: (identifier) @default.name right: (number) @default.value)
((if_statement
  condition: (parenthesized_expression
    (binary_expression
      left: (identifier) @default.name
      operator: "==="
      right: (unary_expression operator: "void")))
  consequence: (statement_block
    . (expression_statement
        (assignment_expression left: (identifier) @_assigned right: (number) @default.value)) .))
  (#eq? @default.name @_assigned))

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

; ---------------------------------------------------------------- stored codes
; A value stored under a key (`err[kStatusCode] = statusCode`): when a close call reads the same
; key (`websocket.close(err[kStatusCode])`, ws), the store is a call of a helper named
; `[kStatusCode]`. Only keys a module exports count (detection.rs), never a loop index.
(assignment_expression
  left: (subscript_expression index: (identifier) @store.key)
  right: (_) @store.value) @close.call
; Names bound to what a module exports: destructured from a module (`const { kStatusCode } =
; require('./constants')`, a bundle's `require_constants()`), imported, or a `Symbol()`.
(variable_declarator
  name: (object_pattern (shorthand_property_identifier_pattern) @key.name)
  value: (call_expression))
(import_specifier name: (identifier) @key.name !alias)
(variable_declarator
  name: (identifier) @key.name
  value: (call_expression function: (identifier) @_symbol (#eq? @_symbol "Symbol")))

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

; The same as bundlers emit it (esbuild): the function renames the enum
; (`var CloseCode = ((CloseCode2) => { CloseCode2[CloseCode2["Forbidden"] = 4403] = …; })(CloseCode
; || {})`), so the owner is the name the function is called with, not its parameter.
(call_expression
  function: (parenthesized_expression
    [(arrow_function body: (statement_block
       (expression_statement
         (assignment_expression
           left: (subscript_expression
             index: (assignment_expression
               left: (subscript_expression index: (string (string_fragment) @const.name))
               right: (number) @const.value))))))
     (function_expression body: (statement_block
       (expression_statement
         (assignment_expression
           left: (subscript_expression
             index: (assignment_expression
               left: (subscript_expression index: (string (string_fragment) @const.name))
               right: (number) @const.value))))))])
  arguments: (arguments
    . (binary_expression left: (identifier) @const.owner operator: "||") .))

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
