<?php

namespace Chat;

class Settings
{
    const TIMEOUT = 1000;
    const CLOSE_AUTH = 4001;
}
