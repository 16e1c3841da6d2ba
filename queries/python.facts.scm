; Project facts for the index (ARCHITECTURE.md, "Project facts"): function definitions with
; their parameters, calls with their arguments, constants with their owner type, imports.

; ---------------------------------------------------------------- definitions
(function_definition name: (identifier) @def.name parameters: (parameters) @def.params) @def

; ---------------------------------------------------------------- calls
; Every call with arguments: a call of a close helper, or one passing a parameter on.
(call
  function: [
    (identifier) @call.name
    (attribute attribute: (identifier) @call.name)
  ]
  arguments: (argument_list (_)) @call.args) @close.call

; ---------------------------------------------------------------- constants
; `class CloseCodes(IntEnum): AUTH = 4001`, `class Codes: AUTH: int = 4001`
(class_definition
  name: (identifier) @const.owner
  body: (block
    (expression_statement
      (assignment
        left: (identifier) @const.name
        right: [(integer) (unary_operator)] @const.value))))

; ---------------------------------------------------------------- imports
; `from codes import AUTH as A`
(import_from_statement
  (aliased_import name: (dotted_name) @import.name alias: (identifier) @import.alias))

; ---------------------------------------------------------------- guards
; A block that runs only when a name is falsy or truthy: a helper's close call under
; `if not skip_close:` sends nothing when a caller passes `True`.
(if_statement
  condition: (not_operator argument: (identifier) @guard.unless)
  consequence: (block) @guard)
(if_statement
  condition: (identifier) @guard.if
  consequence: (block) @guard)
