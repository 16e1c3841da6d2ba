<?php

namespace Chat;

/** Forwards its code to Session::kick: a helper too. */
function ban(Session $session, int $code): void
{
    $session->kick($code);
}
