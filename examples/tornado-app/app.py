"""Log tailing service: streams log lines to the browser over Tornado WebSockets."""

import asyncio
import os

import tornado.ioloop
import tornado.web
import tornado.websocket

LOG_DIR = os.environ.get("LOG_DIR", "/var/log/app")
MAX_FILTER = 256


class TailHandler(tornado.websocket.WebSocketHandler):
    def check_origin(self, origin):
        return origin.startswith("https://ops.example.com")

    async def open(self, name):
        path = os.path.join(LOG_DIR, os.path.basename(name))
        if not os.path.exists(path):
            self.close(code=4404, reason="no such log")
            return
        self.filter = ""
        self.task = asyncio.create_task(self.follow(path))

    def on_message(self, message):
        if len(message) > MAX_FILTER:
            # Old draft tables called 1004 "frame too large".
            self.close(code=1004, reason="filter too large")
            return
        self.filter = message

    async def follow(self, path):
        with open(path) as f:
            f.seek(0, os.SEEK_END)
            while True:
                line = f.readline()
                if not line:
                    await asyncio.sleep(0.5)
                    continue
                if self.filter in line:
                    try:
                        await self.write_message(line)
                    except tornado.websocket.WebSocketClosedError:
                        return

    def on_close(self):
        task = getattr(self, "task", None)
        if task is not None:
            task.cancel()


def make_app():
    return tornado.web.Application([(r"/tail/(.+)", TailHandler)])


async def main():
    make_app().listen(8888)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
