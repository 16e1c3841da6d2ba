; Project facts for TypeScript and TSX besides javascript.facts.scm: enums and `as const`
; objects, the common ways a TypeScript project names its close codes.

; `enum CloseCode { Forbidden = 4003 }`, `const enum …`
(enum_declaration
  name: (identifier) @const.owner
  body: (enum_body
    (enum_assignment
      name: [(property_identifier) (string (string_fragment))] @const.name
      value: (number) @const.value)))
; `const CloseCode = { Forbidden: 4003 } as const`
(variable_declarator
  name: (identifier) @const.owner
  value: (as_expression
    (object
      (pair
        key: [(property_identifier) (string (string_fragment))] @const.name
        value: (number) @const.value))))
; `class Codes { static readonly AUTH = 4001 }` (JavaScript's class fields are another node
; kind, which TypeScript's grammar lacks, so the pattern lives here).
(class_declaration
  name: (_) @const.owner
  body: (class_body
    (public_field_definition
      name: (property_identifier) @const.name
      value: (number) @const.value)))
; A typed parameter's default (`_disconnect(code: number = 1000)`), as javascript.facts.scm reads
; an untyped one.
(formal_parameters
  [(required_parameter pattern: (identifier) @default.name value: (number) @default.value)
   (optional_parameter pattern: (identifier) @default.name value: (number) @default.value)])
; `function fail(ws: WebSocket, code: number)`: typed parameters are read by facts::param_names
; through their `pattern` field; abstract and signature-only methods have no body to close in.
