from .frames import Close, CloseCode


class Protocol:
    # websockets' own Sans-I/O protocol: it never imports websockets.
    def parse(self):
        try:
            pass
        except ProtocolError as exc:
            self.fail(CloseCode.PROTOCOL_ERROR, str(exc))  # site api=websockets code=1002
        except UnicodeDecodeError as exc:
            self.fail(CloseCode.INVALID_DATA, "bad utf-8")  # site api=websockets code=1007

    def fail(self, code, reason=""):
        # websockets' Protocol.fail: no Close frame for 1006 (src/libraries/python.toml).
        if code != CloseCode.ABNORMAL_CLOSURE:
            close = Close(code, reason)
            self.send_frame(close)

    def receive_eof(self):
        # The connection is gone: fail() sends no Close frame for 1006.
        self.fail(CloseCode.ABNORMAL_CLOSURE)
        self.fail(1006, "eof")

    def keepalive_timeout(self):
        self.fail(CloseCode.INTERNAL_ERROR)  # site api=websockets code=1011
        self.fail(CloseCode.TLS_HANDSHAKE)  # expect: reserved-code api=websockets code=1015

    def send_close(self, code=None, reason=""):
        if code is None:
            # Close(1005, "") stands for a Close frame without a code: not a site.
            close = Close(CloseCode.NO_STATUS_RCVD, "")
        return close

    # Look-alikes.
    def cleanup(self, f, db):
        f.close()
        db.execute("select 1")
