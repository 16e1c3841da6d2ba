; Project facts for the index (ARCHITECTURE.md, "Project facts"): function definitions with
; their parameters, calls with their arguments, constants with their owner type, imports.
; Java has no aliasing import: `import static com.example.CloseCodes.AUTH` keeps the name.

; ---------------------------------------------------------------- definitions
; `static void closeWith(WebSocketSession session, int code, String reason) {…}`; an
; abstract or interface method has no body to close in.
(method_declaration
  name: (identifier) @def.name
  parameters: (formal_parameters) @def.params
  body: (block)) @def

; ---------------------------------------------------------------- calls
; Every method call with arguments: `closeWith(session, 4001, "x")`,
; `Closer.closeWith(session, CloseCodes.AUTH, "x")`, `this.<T>reject(session, code)`.
(method_invocation
  name: (identifier) @call.name
  arguments: (argument_list (_)) @call.args) @close.call

; ---------------------------------------------------------------- constants
; `public static final int AUTH_FAILED = 4001;` (also `final static`, and `= (short) 4001`) in
; a class or an enum's body, `int BANNED = 4003;` in an interface (implicitly static final).
(class_declaration
  name: (identifier) @const.owner
  body: (class_body
    (field_declaration
      (modifiers "static" "final")
      declarator: (variable_declarator
        name: (identifier) @const.name
        value: [(decimal_integer_literal) (hex_integer_literal)] @const.value))))
(class_declaration
  name: (identifier) @const.owner
  body: (class_body
    (field_declaration
      (modifiers "final" "static")
      declarator: (variable_declarator
        name: (identifier) @const.name
        value: [(decimal_integer_literal) (hex_integer_literal)] @const.value))))
(class_declaration
  name: (identifier) @const.owner
  body: (class_body
    (field_declaration
      (modifiers "static" "final")
      declarator: (variable_declarator
        name: (identifier) @const.name
        value: (cast_expression
          value: [(decimal_integer_literal) (hex_integer_literal)] @const.value)))))
(interface_declaration
  name: (identifier) @const.owner
  body: (interface_body
    (constant_declaration
      declarator: (variable_declarator
        name: (identifier) @const.name
        value: [(decimal_integer_literal) (hex_integer_literal)] @const.value))))
(enum_declaration
  name: (identifier) @const.owner
  body: (enum_body
    (enum_body_declarations
      (field_declaration
        (modifiers "static" "final")
        declarator: (variable_declarator
          name: (identifier) @const.name
          value: [(decimal_integer_literal) (hex_integer_literal)] @const.value)))))
; `enum AppCloseCode { RATE_LIMITED(4029, "slow down"), … }`: the member's first argument is
; its code, read as `AppCloseCode.RATE_LIMITED.getCode()` / `.code` / `.value`. Only four-digit
; values: enums of small numbers are other protocols' codes (OkHttp's HTTP/2 `ErrorCode.CANCEL(8)`
; is passed to `stream.close(…)` in a file with OkHttp's package).
((enum_declaration
  name: (identifier) @const.owner
  body: (enum_body
    (enum_constant
      name: (identifier) @const.name
      arguments: (argument_list . (decimal_integer_literal) @const.value))))
  (#match? @const.value "^[1-4][0-9][0-9][0-9]$"))

; ---------------------------------------------------------------- sockets passed in
; A helper's socket is a parameter: `static void closeWith(WebSocketSession session, int code)`.
; Its type ties the receiver to the library (a helper's close call must be tied to it, not
; only be in a file with the library's imports), as `Session` is Jakarta's; a `Session` of
; another library adds Jakarta evidence only, whose close needs a `new CloseReason(...)`.
; (Micronaut has a `WebSocketSession` too; its constants name their library, which wins.)
((formal_parameter
  type: [(type_identifier) @_t (scoped_type_identifier (type_identifier) @_t .)]
  name: (identifier) @bind) @lib.spring
  (#any-of? @_t "WebSocketSession" "ConcurrentWebSocketSessionDecorator" "StandardWebSocketSession"))
((formal_parameter
  type: [(type_identifier) @_t (scoped_type_identifier (type_identifier) @_t .)]
  name: (identifier) @bind) @lib.jakarta
  (#eq? @_t "Session"))
