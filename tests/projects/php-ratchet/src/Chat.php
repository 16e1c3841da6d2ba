<?php

namespace Chat;

use Chat\CloseCodes as Codes;
use Ratchet\ConnectionInterface;
use Ratchet\MessageComponentInterface;

class Chat implements MessageComponentInterface
{
    public function onOpen(ConnectionInterface $conn)
    {
        $session = new Session($conn);
        $token = $conn->httpRequest->getHeader('Authorization');
        if (!$token) {
            $session->kick(4001);
        } elseif ($this->expired($token)) {
            $session->kick(CloseCodes::SESSION_EXPIRED);
        } elseif ($this->banned($token)) {
            ban($session, ModerationCodes::BANNED);
        } elseif (!$this->allowed($token)) {
            Session::deny($conn, code: Codes::UNAUTHORIZED);
        } elseif ($this->full()) {
            Session::deny($conn, KICKED);
        } elseif ($this->shuttingDown) {
            $conn->close(Codes::SESSION_EXPIRED);
        }
    }

    public function onClose(ConnectionInterface $conn, $code = null)
    {
        if ($code === CloseCodes::UNAUTHORIZED || $code == Settings::CLOSE_AUTH) {
            $this->log('auth');
        }
        $this->loop->addTimer(Settings::TIMEOUT, fn () => $this->ping($conn));
        usleep(Settings::TIMEOUT);
    }

    public function onMessage(ConnectionInterface $from, $msg) {}
    public function onError(ConnectionInterface $conn, \Exception $e) {}
}
