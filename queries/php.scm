; Close sites in PHP: Ratchet (and its Pawl client, and Laravel Reverb, which sends Ratchet's
; frames), Swoole / OpenSwoole, amphp/websocket and Textalk / sirn-se websocket-php.
; Capture names are explained in ARCHITECTURE.md. A candidate becomes a site only when its code
; resolves to a number and one of its `api` libraries has evidence (@lib.*) in the file.
;
; `->close(` is everywhere in PHP (mysqli, PDO statements, curl handles, streams), so a close
; call counts only in a file that names one of these libraries. Workerman is absent: its
; `$connection->close($data)` sends `$data` as a message, not a close code (its Websocket
; protocol writes a Close frame only as raw bytes).

; ---------------------------------------------------------------- close calls

; $conn->close(code): Ratchet's WsConnection::close(int $code = 1000) (no reason), Pawl's
; WebSocket::close($code = 1000, $reason = ''), amphp's close(int $code, string $reason = '').
((member_call_expression
  object: (_) @close.receiver
  name: (name) @_m (#eq? @_m "close")
  arguments: (arguments
    .
    (argument
      [(integer) (name) (qualified_name) (class_constant_access_expression)
       (unary_op_expression)] @close.code)
    .
    (argument [(string) (encapsed_string)] @close.reason)?)) @close.call
  (#set! api "ratchet amphp websocket-php"))

; Ratchet's `$buffer->newCloseFrame(Frame::CLOSE_PROTOCOL, 'bad frame')` (MessageBuffer::
; newCloseFrame(int $code, string $reason = '')), sent with `sendFrame`.
((member_call_expression
  object: (_) @close.receiver
  name: (name) @_m (#eq? @_m "newCloseFrame")
  arguments: (arguments
    .
    (argument
      [(integer) (name) (qualified_name) (class_constant_access_expression)
       (unary_op_expression)] @close.code)
    .
    (argument [(string) (encapsed_string)] @close.reason)?)) @close.call
  (#set! api "ratchet"))

; A Ratchet Close frame built by hand, `new Frame(pack('n', 4001) . 'expired', true,
; Frame::OP_CLOSE)`, as Ratchet's own WsConnection and Laravel Reverb's `close($frame)` send it:
; the code is what `pack('n', ...)` packs, the reason the string appended to it.
((object_creation_expression
  [(name) (qualified_name)] @_t
  (arguments
    .
    (argument
      [
        (function_call_expression
          function: (name) @_p
          arguments: (arguments . (argument (string) @_n) . (argument (_) @close.code) .))
        (binary_expression
          left: (function_call_expression
            function: (name) @_p
            arguments: (arguments . (argument (string) @_n) . (argument (_) @close.code) .))
          right: [(string) (encapsed_string)] @close.reason)
      ])
    .
    (argument)
    .
    (argument (class_constant_access_expression) @_op))) @close.call
  (#match? @_t "(^|\\\\)Frame$")
  (#eq? @_p "pack")
  (#match? @_n "^.n.$")
  (#match? @_op "OP_CLOSE$")
  (#set! api "ratchet"))

; Textalk / sirn-se websocket-php: `$client->close(1008, 'bad')` (Client::close(int $status =
; 1000, string $message = 'ttfn')) through the close pattern above; a Close message built by
; hand, `new Close(1008, 'bad')` (WebSocket\Message\Close), and `$close->setCloseStatus(4001)`.
((object_creation_expression
  [(name) (qualified_name)] @_t
  (arguments
    .
    (argument
      [(integer) (name) (qualified_name) (class_constant_access_expression)
       (unary_op_expression)] @close.code)
    .
    (argument [(string) (encapsed_string)] @close.reason)?)) @close.call
  (#match? @_t "(^|\\\\)Close$")
  (#set! api "websocket-php"))
((member_call_expression
  object: (_) @close.receiver
  name: (name) @_m (#eq? @_m "setCloseStatus")
  arguments: (arguments
    .
    (argument
      [(integer) (name) (qualified_name) (class_constant_access_expression)
       (unary_op_expression)] @close.code) .)) @close.call
  (#set! api "websocket-php"))

; $server->disconnect($fd, code, reason): Swoole\WebSocket\Server::disconnect(int $fd,
; int $code = SWOOLE_WEBSOCKET_CLOSE_NORMAL, string $reason = ''), OpenSwoole alike.
((member_call_expression
  object: (_) @close.receiver
  name: (name) @_m (#eq? @_m "disconnect")
  arguments: (arguments
    .
    (argument)
    .
    (argument
      [(integer) (name) (qualified_name) (class_constant_access_expression)
       (unary_op_expression)] @close.code)
    .
    (argument [(string) (encapsed_string)] @close.reason)?)) @close.call
  (#set! api "swoole"))

; ---------------------------------------------------------------- library evidence

; `use Ratchet\...;`, `\Ratchet\Client\connect(...)`, `new \Ratchet\WebSocket\WsServer(...)`.
((qualified_name (namespace_name . (name) @_root)) @lib.ratchet
  (#eq? @_root "Ratchet"))
((qualified_name (namespace_name . (name) @_root)) @lib.amphp
  (#eq? @_root "Amp")
  (#match? @lib.amphp "^\\\\?Amp\\\\Websocket\\\\"))
; The `use` that gives Ratchet's constants their spelling (`Messaging\Frame;`, see
; src/libraries/php.toml) is itself evidence, so that an edit inside it is a file-wide change
; for the incremental analysis, even where the namespace no longer starts with `Ratchet`.
((namespace_use_declaration) @lib.ratchet
  (#match? @lib.ratchet "Messaging\\\\Frame;"))
; Textalk / sirn-se websocket-php: `use WebSocket\Client;`, `new \WebSocket\Server(...)`.
((qualified_name (namespace_name . (name) @_root)) @lib.websocket-php
  (#eq? @_root "WebSocket"))
((qualified_name (namespace_name . (name) @_root)) @lib.swoole
  (#any-of? @_root "Swoole" "OpenSwoole"))
; Swoole is a PHP extension: its classes and constants need no `use`.
((name) @lib.swoole
  (#match? @lib.swoole "^(swoole_websocket_server|SWOOLE_WEBSOCKET_CLOSE_[A-Z_]+)$"))

; ---------------------------------------------------------------- roles

; A Ratchet application component handles server-side connections.
((class_declaration
  (class_interface_clause
    [(name) (qualified_name)] @_i)) @role.server
  (#match? @_i "(^|\\\\)MessageComponentInterface$"))

; Pawl's \Ratchet\Client\connect($url) and amphp's Amp\Websocket\Client\connect($url) give
; client connections (imported with `use function ...\connect;` they are called bare); the
; promise's `->then(function ($conn) {...})` holds the client-side code.
((function_call_expression
  function: [(name) (qualified_name)] @_f) @role.client
  (#match? @_f "^(connect|.*\\\\Client\\\\connect)$"))
((member_call_expression
  object: (function_call_expression
    function: [(name) (qualified_name)] @_f)
  name: (name) @_then (#eq? @_then "then")) @role.client
  (#match? @_f "^(connect|.*\\\\Client\\\\connect)$"))

; websocket-php: `new WebSocket\Client($url)` dials out, `new WebSocket\Server($port)` serves
; (a bare `new Client()` may be any HTTP client, so the namespace is required).
((object_creation_expression [(name) (qualified_name)] @_t) @role.client
  (#match? @_t "^\\\\?WebSocket\\\\Client$"))
((object_creation_expression [(name) (qualified_name)] @_t) @role.server
  (#match? @_t "^\\\\?WebSocket\\\\Server$"))

; An amphp WebsocketClientHandler (Amp\Websocket\Server) handles server-side clients.
((class_declaration
  (class_interface_clause
    [(name) (qualified_name)] @_i)) @role.server
  (#match? @_i "(^|\\\\)WebsocketClientHandler$"))

; The variable a call's result is bound to: `$conn = connect($url)`.
(assignment_expression
  left: (variable_name) @bind
  right: [(function_call_expression) (member_call_expression)] @bind.value)

; ---------------------------------------------------------------- scopes and constants

[
  (class_declaration)
  (anonymous_function)
  (arrow_function)
] @scope
(method_declaration name: (name) @scope.name) @scope
(function_definition name: (name) @scope.name) @scope

; File-level `const KICKED = 4001;`.
(program
  (const_declaration
    (const_element (name) @const.name (integer) @const.value)))

; ---------------------------------------------------------------- received codes (hover)
; Code that reads a close code the peer sent: `$frame->code === 1006`, `$code == 1001`.
; Hover only.

(binary_expression
  left: [(member_access_expression name: (name) @_p) (variable_name (name) @_p)]
  right: [(integer) (class_constant_access_expression) (name)] @read.code
  (#match? @_p "^(code|closeCode)$"))

; ---------------------------------------------------------------- own code
; The namespace the file declares (`packages` in src/libraries/php.toml): a library's own code.
(namespace_definition name: (namespace_name) @module.name)
