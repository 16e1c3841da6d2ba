<?php

namespace ChatApp;

use Ratchet\ConnectionInterface;
use Ratchet\MessageComponentInterface;
use Ratchet\RFC6455\Messaging\Frame;

/**
 * A chat room: every message is relayed to the other members.
 */
class Chat implements MessageComponentInterface
{
    private const MAX_MESSAGE_BYTES = 16384;

    protected \SplObjectStorage $clients;

    public function __construct(private TokenStore $tokens)
    {
        $this->clients = new \SplObjectStorage();
    }

    public function onOpen(ConnectionInterface $conn)
    {
        $query = [];
        parse_str($conn->httpRequest->getUri()->getQuery(), $query);
        if (!$this->tokens->valid($query['token'] ?? '')) {
            $conn->close(4003);
            return;
        }
        $extensions = $conn->httpRequest->getHeaderLine('Sec-WebSocket-Extensions');
        if (!str_contains($extensions, 'permessage-deflate')) {
            // We insist on compression; tell the client which extension is missing.
            $conn->close(Frame::CLOSE_MAND_EXT);
            return;
        }
        $this->clients->attach($conn);
    }

    public function onMessage(ConnectionInterface $from, $msg)
    {
        if (strlen($msg) > self::MAX_MESSAGE_BYTES) {
            $from->close(Frame::CLOSE_TOO_BIG);
            return;
        }
        foreach ($this->clients as $client) {
            if ($from !== $client) {
                $client->send($msg);
            }
        }
    }

    public function onClose(ConnectionInterface $conn)
    {
        $this->clients->detach($conn);
    }

    public function onError(ConnectionInterface $conn, \Exception $e)
    {
        error_log("chat: {$e->getMessage()}");
        $conn->close(Frame::CLOSE_SRV_ERR);
    }
}
