import socket


class WebSocket:
    # websockify's own WebSocket: shutdown(how, code, reason) sends the code.
    def _recv_frames(self, frame):
        if not frame["masked"]:
            self.shutdown(socket.SHUT_RDWR, 1002, "Protocol error: Frame not masked")  # site api=websockify code=1002
        if frame["opcode"] == 0x1:
            self.shutdown(socket.SHUT_RDWR, 1003, "Unsupported: Text frames")  # site api=websockify code=1003

    # Look-alikes: a plain socket's shutdown(how), a file's close().
    def _close(self, f):
        self.socket.shutdown(socket.SHUT_RDWR)
        f.close()
