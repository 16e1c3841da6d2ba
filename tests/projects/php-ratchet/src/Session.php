<?php

namespace Chat;

use Ratchet\ConnectionInterface;

class Session
{
    public function __construct(private ConnectionInterface $conn)
    {
    }

    /** A close helper: its parameter is the close code. */
    public function kick(int $code): void
    {
        $this->conn->close($code);
    }

    /** A static helper, called with a named argument too. */
    public static function deny(ConnectionInterface $conn, int $code = 1008): void
    {
        $conn->close($code);
    }
}
