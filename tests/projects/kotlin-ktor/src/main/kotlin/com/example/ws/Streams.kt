package com.example.ws

import okhttp3.WebSocket

/** HTTP/2-style reset codes: small numbers, not close codes. */
enum class StreamCode(val code: Int) {
    NO_ERROR(0),
    CANCEL(8),
}

interface Stream {
    fun close(code: Int)
}

fun reset(stream: Stream, socket: WebSocket) {
    stream.close(StreamCode.CANCEL.code)
    if (StreamCode.CANCEL.code == 8) {
        stream.close(StreamCode.NO_ERROR.code)
    }
}
