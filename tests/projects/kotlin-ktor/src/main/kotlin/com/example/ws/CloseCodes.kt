package com.example.ws

const val BANNED: Short = 4003
val GONE: Short = 4010

object CloseCodes {
    const val AUTH_FAILED: Short = 4001
    const val TIMEOUT = 1000L
    val KICKED: Short = 4005
}

class Limits {
    companion object {
        const val TOO_MANY: Short = 4008
    }
}

enum class AppCloseCode(val code: Short) {
    RATE_LIMITED(4029),
    SERVER_RESTART(4100),
}
