; Close sites in Go: gorilla/websocket, coder/websocket (formerly nhooyr.io/websocket) and
; gobwas/ws. Capture names are explained in ARCHITECTURE.md. A candidate becomes a site only when
; its code resolves to a number and one of its `api` libraries has evidence (@lib.*) in the file,
; or the call's shape alone names the library (`evidence "self"`).
;
; Only calls that put a code into a Close frame are matched. Receive-side code
; (`websocket.IsCloseError(err, websocket.CloseNormalClosure)`, `ce.Code == ...`,
; `websocket.CloseStatus(err)`) never is, and neither is `c.Close()` / `c.CloseNow()`, which
; drop the connection without a code.
;
; Where Go's types fix the arity, arguments are matched loosely as `(_expression)`, which skips
; a comment between two arguments (a multi-line call); where the arity is what tells the call
; apart (coder's two-argument `Close`), they are matched exactly.

; ---------------------------------------------------------------- gorilla/websocket

; websocket.FormatCloseMessage(code, text) builds the Close frame's body, whether it is passed
; straight to WriteMessage/WriteControl or assigned to a variable first. The name is gorilla's
; own (and its forks'), so no import is needed as evidence. FormatCloseMessage(1005, ...)
; returns an empty body: a `no-code` [[library.code]] in go.toml.
((call_expression
  function: [
    (selector_expression field: (field_identifier) @_f)
    (identifier) @_f
  ]
  arguments: (argument_list . (_expression) @close.code (_expression) @close.reason)) @close.call
  (#eq? @_f "FormatCloseMessage")
  (#set! api "gorilla melody")
  (#set! evidence "self"))

; c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(...)),
; c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(...), deadline) and melody's
; s.CloseWithMsg(melody.FormatCloseMessage(...)): the connection `c` is the receiver whose
; binding tells the role.
((call_expression
  function: (selector_expression
    operand: (_) @close.receiver
    field: (field_identifier) @_w (#any-of? @_w "WriteMessage" "WriteControl" "CloseWithMsg"))
  arguments: (argument_list
    (call_expression
      function: [
        (selector_expression field: (field_identifier) @_f)
        (identifier) @_f
      ]) @close.call))
  (#eq? @_f "FormatCloseMessage")
  (#set! api "gorilla")
  (#set! evidence "self"))

; ---------------------------------------------------------------- coder/websocket, nhooyr.io/websocket

; c.Close(code, reason) with exactly two arguments (a comment may sit between them). The method
; name is everywhere (net.Conn, os.File, one's own types), so the file must import coder or
; nhooyr (@lib.coder below). `websocket.StatusCode(4001)` resolves through `wrappers`;
; Close(StatusNoStatusRcvd, "") is coder's body-less close (a `no-code` [[library.code]] in go.toml).
((call_expression
  function: (selector_expression
    operand: (_) @close.receiver
    field: (field_identifier) @_m (#eq? @_m "Close"))
  arguments: [
    (argument_list . (_) @close.code . (_) @close.reason .)
    (argument_list . (_) @close.code . (comment) . (_) @close.reason .)
  ]) @close.call
  (#set! api "coder"))

; ---------------------------------------------------------------- gobwas/ws

; ws.NewCloseFrameBody(code, reason) builds the Close frame's payload; the frame is then written
; with ws.WriteFrame(conn, ws.NewCloseFrame(body)) or wsutil.Write{Server,Client}Message(conn,
; ws.OpClose, body). The name is gobwas's own.
((call_expression
  function: [
    (selector_expression field: (field_identifier) @_f)
    (identifier) @_f
  ]
  arguments: (argument_list . (_expression) @close.code (_expression) @close.reason)) @close.call
  (#eq? @_f "NewCloseFrameBody")
  (#set! api "gobwas")
  (#set! evidence "self"))

; The connection the body is written to, when the body is built in place:
; wsutil.WriteServerMessage(conn, ws.OpClose, ws.NewCloseFrameBody(...)) or
; ws.WriteFrame(conn, ws.NewCloseFrame(ws.NewCloseFrameBody(...))).
((call_expression
  function: (selector_expression
    field: (field_identifier) @_w
    (#match? @_w "^(WriteFrame|Write(Server|Client)Message)$"))
  arguments: (argument_list
    . (_) @close.receiver
    [
      (call_expression
        function: (selector_expression field: (field_identifier) @_f)) @close.call
      (call_expression
        function: (selector_expression field: (field_identifier) @_nf (#eq? @_nf "NewCloseFrame"))
        arguments: (argument_list
          (call_expression
            function: (selector_expression field: (field_identifier) @_f)) @close.call))
    ]))
  (#eq? @_f "NewCloseFrameBody")
  (#set! api "gobwas")
  (#set! evidence "self"))

; ---------------------------------------------------------------- lxzan/gws

; socket.WriteClose(code, reason) (gws v1.8, writer.go): `WriteClose` is gws's own name, but
; the file must still import gws.
((call_expression
  function: (selector_expression
    operand: (_) @close.receiver
    field: (field_identifier) @_m (#eq? @_m "WriteClose"))
  arguments: (argument_list . (_expression) @close.code (_expression) @close.reason)) @close.call
  (#set! api "gws"))

; ---------------------------------------------------------------- centrifuge

; client.Disconnect(centrifuge.Disconnect{Code: 4000, Reason: "..."}): centrifuge sends the
; code and reason in the transport's Close frame (handler_websocket.go).
((composite_literal
  type: (qualified_type
    package: (package_identifier) @_p
    name: (type_identifier) @_t (#eq? @_t "Disconnect"))
  body: (literal_value
    (keyed_element
      . (literal_element (identifier) @_k (#eq? @_k "Code"))
      . (literal_element (_) @close.code)))) @close.call
  (#eq? @_p "centrifuge")
  (#set! api "centrifuge"))
(composite_literal
  type: (qualified_type
    package: (package_identifier) @_p
    name: (type_identifier) @_t (#eq? @_t "Disconnect"))
  body: (literal_value
    (keyed_element
      . (literal_element (identifier) @_k (#eq? @_k "Reason"))
      . (literal_element (interpreted_string_literal) @close.reason)))) @close.call

; ---------------------------------------------------------------- library evidence

; gorilla and its forks with the same API and constants: fasthttp/websocket, and the Fiber
; middleware built on it (gofiber/websocket, gofiber/contrib/websocket).
(import_spec
  path: (interpreted_string_literal
    (interpreted_string_literal_content) @_p
    (#match? @_p "^github\\.com/(gorilla/websocket|fasthttp/websocket|gofiber/websocket(/v2)?|gofiber/contrib(/v3)?/websocket)$"))) @lib.gorilla

(import_spec
  path: (interpreted_string_literal
    (interpreted_string_literal_content) @_p (#match? @_p "^github\\.com/olahol/melody(/v2)?$"))) @lib.melody
(import_spec
  path: (interpreted_string_literal
    (interpreted_string_literal_content) @_p (#eq? @_p "github.com/lxzan/gws"))) @lib.gws
(import_spec
  path: (interpreted_string_literal
    (interpreted_string_literal_content) @_p (#eq? @_p "github.com/centrifugal/centrifuge"))) @lib.centrifuge

; The subpackages (wsjson, wspb) only make sense next to a coder connection.
(import_spec
  path: (interpreted_string_literal
    (interpreted_string_literal_content) @_p
    (#match? @_p "^(github\\.com/coder/websocket|nhooyr\\.io/websocket)(/|$)"))) @lib.coder

; github.com/gobwas/ws and its wsutil / wsflate subpackages.
(import_spec
  path: (interpreted_string_literal
    (interpreted_string_literal_content) @_p (#match? @_p "^github\\.com/gobwas/ws(/|$)"))) @lib.gobwas

; ---------------------------------------------------------------- roles

; The connection an upgrade returns is server-side: gorilla `upgrader.Upgrade(w, r, nil)`,
; gobwas `ws.UpgradeHTTP(r, w)` / `ws.Upgrade(conn)` / `u.Upgrade(conn)`.
(call_expression
  function: (selector_expression
    field: (field_identifier) @_f (#any-of? @_f "Upgrade" "UpgradeHTTP"))) @role.server
(_
  left: (expression_list . [(identifier) (selector_expression)] @bind)
  right: (expression_list
    . (call_expression
      function: (selector_expression
        field: (field_identifier) @_f (#any-of? @_f "Upgrade" "UpgradeHTTP"))))) @role.server

; coder `websocket.Accept(w, r, opts)`: three arguments, unlike a net.Listener's Accept().
(call_expression
  function: (selector_expression
    field: (field_identifier) @_f (#eq? @_f "Accept"))
  arguments: (argument_list . (_) . (_) . (_) .)) @role.server
(_
  left: (expression_list . [(identifier) (selector_expression)] @bind)
  right: (expression_list
    . (call_expression
      function: (selector_expression
        field: (field_identifier) @_f (#eq? @_f "Accept"))
      arguments: (argument_list . (_) . (_) . (_) .)))) @role.server

; Dialing gives a client-side connection: gorilla `websocket.DefaultDialer.Dial(u, nil)`,
; `dialer.DialContext(ctx, u, nil)`, coder `websocket.Dial(ctx, u, opts)`, gobwas
; `ws.Dial(ctx, u)` / `ws.Dialer{}.Dial`. The operand must name a WebSocket package (`websocket`,
; `ws`, an alias such as `nws`, but not `aws`) or a dialer, so that `net.Dial("tcp", ...)` to
; some backend does not make a server file look like a client.
(call_expression
  function: (selector_expression
    operand: (_) @_o (#match? @_o "(?i)(^|[^a])ws|websocket|dialer")
    field: (field_identifier) @_f (#any-of? @_f "Dial" "DialContext"))) @role.client
(_
  left: (expression_list . [(identifier) (selector_expression)] @bind)
  right: (expression_list
    . (call_expression
      function: (selector_expression
        operand: (_) @_o (#match? @_o "(?i)(^|[^a])ws|websocket|dialer")
        field: (field_identifier) @_f (#any-of? @_f "Dial" "DialContext"))))) @role.client

; The configuration types name the side: gorilla and gobwas `Upgrader` / `Dialer`, coder
; `AcceptOptions` / `DialOptions`, wherever they appear (a literal, a var's or a field's type).
; The package must name a WebSocket one, as above: `net.Dialer` is no WebSocket client.
(qualified_type
  package: (package_identifier) @_p (#match? @_p "(?i)(^|[^a])ws|websocket")
  name: (type_identifier) @_t (#any-of? @_t "Upgrader" "AcceptOptions")) @role.server
(qualified_type
  package: (package_identifier) @_p (#match? @_p "(?i)(^|[^a])ws|websocket")
  name: (type_identifier) @_t (#any-of? @_t "Dialer" "DialOptions")) @role.client
(selector_expression
  field: (field_identifier) @_f (#eq? @_f "DefaultDialer")) @role.client

; gobwas: the state passed to wsutil readers/writers and ws.ControlFrameHandler, and the wsutil
; helpers named after the peer (a server reads client data and writes server messages).
(selector_expression
  field: (field_identifier) @_f (#eq? @_f "StateServerSide")) @role.server
(selector_expression
  field: (field_identifier) @_f (#eq? @_f "StateClientSide")) @role.client
(call_expression
  function: (selector_expression
    field: (field_identifier) @_f
    (#match? @_f "^(WriteServer|ReadClient)(Message|Text|Binary|Data)$"))) @role.server
(call_expression
  function: (selector_expression
    field: (field_identifier) @_f
    (#match? @_f "^(WriteClient|ReadServer)(Message|Text|Binary|Data)$"))) @role.client

; gws: NewServer / NewUpgrader hand out server sockets, NewClient a client one. Fiber's
; websocket.New(func(c *websocket.Conn) {...}) is a server handler; fasthttp's upgrader is
; FastHTTPUpgrader.
(call_expression
  function: (selector_expression
    operand: (identifier) @_o (#eq? @_o "gws")
    field: (field_identifier) @_f (#any-of? @_f "NewServer" "NewUpgrader"))) @role.server
(call_expression
  function: (selector_expression
    operand: (identifier) @_o (#eq? @_o "gws")
    field: (field_identifier) @_f (#eq? @_f "NewClient"))) @role.client
(call_expression
  function: (selector_expression
    operand: (identifier) @_o (#eq? @_o "websocket")
    field: (field_identifier) @_f (#eq? @_f "New"))
  arguments: (argument_list . (func_literal))) @role.server
(qualified_type
  package: (package_identifier) @_p (#match? @_p "(?i)(^|[^a])ws|websocket")
  name: (type_identifier) @_t (#eq? @_t "FastHTTPUpgrader")) @role.server

; ---------------------------------------------------------------- scopes and constants

[
  (function_declaration)
  (method_declaration)
  (func_literal)
] @scope

; const closeCode = 4001 (alone or in a `const ( ... )` block, typed or not) at package level.
(source_file
  (const_declaration
    (const_spec
      name: (identifier) @const.name
      value: (expression_list . (int_literal) @const.value .))))

; ---------------------------------------------------------------- received codes (hover)
; Code that reads a close code the peer sent: `ce.Code == websocket.CloseGoingAway`,
; `websocket.CloseStatus(err) == 1006`, `switch ce.Code { case 1001: }`,
; `websocket.IsCloseError(err, 1000, 1001)`. Used only by the language server's hover.

(binary_expression
  left: [(selector_expression field: (field_identifier) @_p)
         (identifier) @_p
         (call_expression function: (selector_expression field: (field_identifier) @_p))]
  right: [(int_literal) (selector_expression)] @read.code
  (#match? @_p "^(Code|code|CloseStatus)$"))
(expression_switch_statement
  value: [(selector_expression field: (field_identifier) @_p)
          (identifier) @_p
          (call_expression function: (selector_expression field: (field_identifier) @_p))]
  (expression_case value: (expression_list [(int_literal) (selector_expression)] @read.code))
  (#match? @_p "^(Code|code|CloseStatus)$"))
(call_expression
  function: (selector_expression field: (field_identifier) @_f)
  arguments: (argument_list (_) [(int_literal) (selector_expression)] @read.code)
  (#match? @_f "^Is(Unexpected)?CloseError$"))
