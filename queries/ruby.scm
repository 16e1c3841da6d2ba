; Close sites in Ruby: faye-websocket (and the Rack/EventMachine code built on it),
; websocket-driver (faye's protocol layer), em-websocket, async-websocket and the websocket gem
; (websocket-ruby, the frame layer of websocket-client-simple). Capture names are explained in ARCHITECTURE.md. A candidate becomes a site
; only when its code resolves to a number and one of its `api` libraries has evidence (@lib.*)
; in the file.
;
; Action Cable is absent on purpose: its public `close(reason:, reconnect:)` sends a disconnect
; message and then a Close frame without a code of the application's choosing; so are
; websocket-client-simple's and iodine's `close`, which take no code.

; ---------------------------------------------------------------- close calls

; ws.close(code, reason) / ws.close code, reason:
;   faye-websocket   close(code = nil, reason = nil), browser rules on both sides
;   em-websocket     close(code = nil, body = nil), browser rules (a server library)
;   async-websocket  close(code = Error::NO_ERROR, reason = "")
((call
  receiver: (_) @close.receiver
  method: (identifier) @_m (#eq? @_m "close")
  arguments: (argument_list
    .
    [(integer) (constant) (scope_resolution) (unary)] @close.code
    .
    (string)? @close.reason)) @close.call
  (#set! api "faye em-websocket async-websocket"))

; driver.close(reason, code): websocket-driver takes the reason first (faye's own api.rb calls
; `@driver.close(reason, code)`), so a call that starts with a code is not this one.
((call
  receiver: (_) @close.receiver
  method: (identifier) @_m (#eq? @_m "close")
  arguments: (argument_list
    .
    [(string) (nil)] @close.reason
    .
    [(integer) (constant) (scope_resolution) (unary)] @close.code
    .)) @close.call
  (#set! api "websocket-driver"))

; em-websocket's deprecated alias ws.close_websocket(code, body).
((call
  receiver: (_) @close.receiver
  method: (identifier) @_m (#eq? @_m "close_websocket")
  arguments: (argument_list
    .
    [(integer) (constant) (scope_resolution) (unary)] @close.code
    .
    (string)? @close.reason)) @close.call
  (#set! api "em-websocket"))

; The websocket gem: `WebSocket::Frame::Outgoing::Server.new(version: v, type: :close, code:
; 1008, data: "bad")` (Frame::Base#initialize(args): `code`, `data`; handler07 packs the code
; before the data and raises UnknownCloseCode outside 1000-1003, 1007-1011, 3000-4999).
((call
  receiver: (scope_resolution scope: (_) @_s name: (constant) @_side)
  method: (identifier) @_new (#eq? @_new "new")
  arguments: (argument_list
    (pair
      key: (hash_key_symbol) @_k (#eq? @_k "code")
      value: [(integer) (constant) (scope_resolution) (unary)] @close.code))) @close.call
  (#match? @_s "(^|::)Outgoing$")
  (#any-of? @_side "Client" "Server")
  (#set! api "websocket-ruby"))
((call
  receiver: (scope_resolution scope: (_) @_s name: (constant) @_side)
  method: (identifier) @_new (#eq? @_new "new")
  arguments: (argument_list
    (pair
      key: (hash_key_symbol) @_k (#eq? @_k "data")
      value: (string) @close.reason))) @close.call
  (#match? @_s "(^|::)Outgoing$")
  (#any-of? @_side "Client" "Server"))
; ---------------------------------------------------------------- library evidence

((call
  method: (identifier) @_r (#any-of? @_r "require" "require_relative")
  arguments: (argument_list . (string (string_content) @_lib))) @lib.faye
  (#match? @_lib "^faye/websocket"))
((scope_resolution
  scope: (constant) @_s
  name: (constant) @_n) @lib.faye
  (#eq? @_s "Faye")
  (#eq? @_n "WebSocket"))

((call
  method: (identifier) @_r (#any-of? @_r "require" "require_relative")
  arguments: (argument_list . (string (string_content) @_lib))) @lib.websocket-driver
  (#match? @_lib "^websocket/driver"))
((scope_resolution
  scope: (constant) @_s
  name: (constant) @_n) @lib.websocket-driver
  (#eq? @_s "WebSocket")
  (#eq? @_n "Driver"))

((call
  method: (identifier) @_r (#any-of? @_r "require" "require_relative")
  arguments: (argument_list . (string (string_content) @_lib))) @lib.em-websocket
  (#match? @_lib "^em-websocket"))
((scope_resolution
  scope: (constant) @_s
  name: (constant) @_n) @lib.em-websocket
  (#any-of? @_s "EM" "EventMachine")
  (#eq? @_n "WebSocket"))

((call
  method: (identifier) @_r (#any-of? @_r "require" "require_relative")
  arguments: (argument_list . (string (string_content) @_lib))) @lib.async-websocket
  (#match? @_lib "^(async|protocol)/websocket"))
((scope_resolution
  scope: (constant) @_s
  name: (constant) @_n) @lib.async-websocket
  (#any-of? @_s "Async" "Protocol")
  (#eq? @_n "WebSocket"))

((call
  method: (identifier) @_r (#any-of? @_r "require" "require_relative")
  arguments: (argument_list . (string (string_content) @_lib))) @lib.websocket-ruby
  (#match? @_lib "^(websocket|websocket-client-simple)$"))
((scope_resolution
  scope: (scope_resolution
    scope: (constant) @_w
    name: (constant) @_f)
  name: (constant) @_o) @lib.websocket-ruby
  (#eq? @_w "WebSocket")
  (#eq? @_f "Frame")
  (#eq? @_o "Outgoing"))

; ---------------------------------------------------------------- roles

; Faye::WebSocket.new(env) is the server end of a Rack request;
; Faye::WebSocket::Client.new(url) is a client.
((call
  receiver: (scope_resolution
    scope: (constant) @_s
    name: (constant) @_n)
  method: (identifier) @_new (#eq? @_new "new")) @role.server
  (#eq? @_s "Faye")
  (#eq? @_n "WebSocket"))
((call
  receiver: (scope_resolution
    scope: (scope_resolution) @_s
    name: (constant) @_n)
  method: (identifier) @_new (#eq? @_new "new")) @role.client
  (#match? @_s "(^|::)Faye::WebSocket$")
  (#eq? @_n "Client"))

; async-websocket: Client.connect(endpoint) do |connection| ... end is a client;
; Adapters::Rack.open(env) / Adapters::Rails.open(request) / Adapters::HTTP.open(request)
; do |connection| ... end handle server-side connections.
((call
  receiver: (scope_resolution name: (constant) @_c)
  method: (identifier) @_m (#any-of? @_m "connect" "open")) @role.client
  (#eq? @_c "Client"))
((call
  receiver: (scope_resolution
    scope: (scope_resolution name: (constant) @_a)
    name: (constant) @_c)
  method: (identifier) @_m (#eq? @_m "open")) @role.server
  (#eq? @_a "Adapters")
  (#any-of? @_c "Rack" "Rails" "HTTP"))

; The websocket gem: a frame from `Frame::Outgoing::Server` goes to a client, from
; `Frame::Outgoing::Client` to a server.
((call
  receiver: (scope_resolution
    scope: (_) @_s
    name: (constant) @_n (#eq? @_n "Server"))
  method: (identifier) @_new (#eq? @_new "new")) @role.server
  (#match? @_s "(^|::)Outgoing$"))
((call
  receiver: (scope_resolution
    scope: (_) @_s
    name: (constant) @_n (#eq? @_n "Client"))
  method: (identifier) @_new (#eq? @_new "new")) @role.client
  (#match? @_s "(^|::)Outgoing$"))

; websocket-driver: WebSocket::Driver.rack(socket) / .server(socket) drive the server end of
; a connection, WebSocket::Driver.client(socket) the client end.
((call
  receiver: (scope_resolution name: (constant) @_d (#eq? @_d "Driver"))
  method: (identifier) @_m (#any-of? @_m "rack" "server")) @role.server)
((call
  receiver: (scope_resolution name: (constant) @_d (#eq? @_d "Driver"))
  method: (identifier) @_m (#eq? @_m "client")) @role.client)

; The variable a call's result is bound to: `ws = Faye::WebSocket.new(env)`,
; `@driver = WebSocket::Driver.rack(self)`.
(assignment
  left: [(identifier) (instance_variable)] @bind
  right: (call) @bind.value)

; ---------------------------------------------------------------- scopes and constants

[
  (class)
  (module)
  (do_block)
  (block)
  (lambda)
] @scope
(method name: (identifier) @scope.name) @scope

; File-level `KICKED = 4001`.
(program
  (assignment
    left: (constant) @const.name
    right: [(integer) (unary)] @const.value))

; ---------------------------------------------------------------- received codes (hover)
; Code that reads a close code the peer sent: `event.code == 1006`. Hover only.

(binary
  left: [(call method: (identifier) @_p) (identifier) @_p]
  right: [(integer) (scope_resolution)] @read.code
  (#match? @_p "^(code|close_code)$"))
