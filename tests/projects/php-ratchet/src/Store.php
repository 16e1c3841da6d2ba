<?php

namespace Chat;

/** Look-alikes: no WebSocket here. */
class Store
{
    /** Closes the database with a status code. */
    public function shutdown(int $code): void
    {
        $this->db->close($code);
    }

    public function finish(): void
    {
        $this->shutdown(CloseCodes::UNAUTHORIZED);
        $this->shutdown(4001);
    }
}

/** A project class with its own close($code). */
class Pipe
{
    public function close(int $code): void
    {
        $this->status = $code;
    }
}

function drain(Pipe $pipe): void
{
    $pipe->close(CloseCodes::UNAUTHORIZED);
    $pipe->close(4002);
}
