package com.example.jobs

import com.example.ws.CloseCodes

/** Not a WebSocket: a channel of jobs with its own close(code). */
class JobChannel {
    var closedWith: Int = 0

    fun close(code: Int) {
        closedWith = code
    }
}

fun shutdown(channel: JobChannel, code: Int) {
    channel.close(code)
}

fun stopAll(channel: JobChannel) {
    shutdown(channel, CloseCodes.AUTH_FAILED.toInt())
    shutdown(channel, 4001)
    channel.close(4001)
    Thread.sleep(CloseCodes.TIMEOUT)
}
