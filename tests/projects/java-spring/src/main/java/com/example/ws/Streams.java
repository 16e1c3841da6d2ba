package com.example.ws;

import org.springframework.web.socket.WebSocketSession;

public class Streams {
    public void reset(Stream stream, WebSocketSession session) {
        stream.close(StreamCode.CANCEL);
        if (StreamCode.CANCEL.ordinal() == 1) {
            stream.close(StreamCode.NO_ERROR);
        }
    }

    interface Stream {
        void close(StreamCode code);
    }
}
