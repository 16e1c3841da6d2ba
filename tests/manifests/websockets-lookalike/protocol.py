from .frames import CloseCode


class Job:
    # Another project's own `fail(code)` and `CloseCode`: not websockets'.
    def run(self):
        self.fail(CloseCode.PROTOCOL_ERROR, "failed")
        self.fail(1002)
