; Project facts for the index (ARCHITECTURE.md, "Project facts"): function definitions with
; their parameters, calls with their arguments, constants with their owner type, imports.
; Kotlin has its own grammar; only its library tables come from Java's.

; ---------------------------------------------------------------- definitions
; `fun fail(ws: WebSocket, code: Int) {…}`, `fun fail(…) = ws.close(code, null)` and extension
; functions `suspend fun WebSocketSession.closeWith(code: Short, reason: String)`, whose
; receiver is not among the parameters (`session.closeWith(4001, "x")` passes the code first).
(function_declaration
  name: (identifier) @def.name
  (function_value_parameters) @def.params
  (function_body)) @def

; ---------------------------------------------------------------- calls
; Every call with arguments: `closeWith(4001, "x")`, `session.closeWith(code = 4001)`,
; `Closer.fail(ws, CloseCodes.AUTH)`, `ws?.fail(code)`.
(call_expression
  . [
    (identifier) @call.name
    (navigation_expression . (_) . (identifier) @call.name .)
  ]
  (value_arguments (value_argument)) @call.args) @close.call

; ---------------------------------------------------------------- constants
; `object CloseCodes { const val AUTH_FAILED = 4001 }` (also a plain `val`, as `@JvmField`
; fields are written).
(object_declaration
  name: (identifier) @const.owner
  (class_body
    (property_declaration
      "val"
      (variable_declaration . (identifier) @const.name)
      (number_literal) @const.value)))
; `class Limits { companion object { const val TOO_MANY: Short = 4008 } }`: read as
; `Limits.TOO_MANY`.
(class_declaration
  name: (identifier) @const.owner
  (class_body
    (companion_object
      (class_body
        (property_declaration
          "val"
          (variable_declaration . (identifier) @const.name)
          (number_literal) @const.value)))))
; `enum class AppCloseCode(val code: Short) { RATE_LIMITED(4029), … }`: the entry's first
; argument is its code, read as `AppCloseCode.RATE_LIMITED.code`; only four-digit values (an
; enum of small numbers is another protocol's, as OkHttp's HTTP/2 `ErrorCode`).
((class_declaration
  name: (identifier) @const.owner
  (enum_class_body
    (enum_entry
      . (identifier) @const.name
      . (value_arguments . (value_argument . (number_literal) @const.value .)))))
  (#match? @const.value "^[1-4][0-9][0-9][0-9]$"))
; Top-level `const val BANNED = 4003` is in kotlin.scm (no owner: imported by name); a
; top-level `val` of a number is as constant.
(source_file
  (property_declaration
    "val"
    (variable_declaration . (identifier) @const.name)
    (number_literal) @const.value))

; ---------------------------------------------------------------- imports
; `import com.example.CloseCodes as Codes`, `import com.example.AUTH_FAILED as AUTH`.
(import
  (qualified_identifier (identifier) @import.name .)
  (identifier) @import.alias)

; ---------------------------------------------------------------- sockets passed in
; `suspend fun closeWith(session: DefaultWebSocketSession, code: Short)`: the parameter's type
; ties `session.close(CloseReason(code, …))` to Ktor, as a helper's close call must be. Only
; Ktor's own type names: a plain `WebSocketSession` is Micronaut's or Spring's too.
((parameter
  (identifier) @bind
  (user_type . (identifier) @_t)) @lib.ktor
  (#any-of? @_t "DefaultWebSocketSession" "DefaultWebSocketServerSession" "WebSocketServerSession" "DefaultClientWebSocketSession" "ClientWebSocketSession"))
