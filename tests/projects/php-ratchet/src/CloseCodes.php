<?php

namespace Chat;

/** Application close codes. */
final class CloseCodes
{
    public const UNAUTHORIZED = 4001;
    public const SESSION_EXPIRED = 4002;
}

interface ModerationCodes
{
    const BANNED = 4003;
}

const KICKED = 4004;
