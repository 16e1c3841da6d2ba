"""Live order book over aiohttp WebSockets."""

import asyncio
import json
import weakref

from aiohttp import WSCloseCode, WSMsgType, web

clients_key = web.AppKey("clients", weakref.WeakSet)
MAX_SUBSCRIPTIONS = 20


async def orderbook(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse(heartbeat=15)
    await ws.prepare(request)
    request.app[clients_key].add(ws)
    subscriptions: set[str] = set()

    async for msg in ws:
        if msg.type == WSMsgType.BINARY:
            await ws.close(code=WSCloseCode.UNSUPPORTED_DATA, message=b"JSON text only")
            break
        if msg.type != WSMsgType.TEXT:
            continue
        try:
            command = json.loads(msg.data)
        except json.JSONDecodeError:
            await ws.close(code=WSCloseCode.INVALID_TEXT, message=b"invalid JSON")
            break
        if command.get("op") == "subscribe":
            subscriptions.update(command.get("symbols", []))
            if len(subscriptions) > MAX_SUBSCRIPTIONS:
                await ws.close(code=WSCloseCode.POLICY_VIOLATION, message=b"too many symbols")
                break
        await ws.send_json({"ok": True, "symbols": sorted(subscriptions)})

    return ws


async def on_shutdown(app: web.Application) -> None:
    await asyncio.gather(
        *(ws.close(code=WSCloseCode.GOING_AWAY, message=b"Server shutdown") for ws in set(app[clients_key]))
    )


def create_app() -> web.Application:
    app = web.Application()
    app[clients_key] = weakref.WeakSet()
    app.router.add_get("/ws", orderbook)
    app.on_shutdown.append(on_shutdown)
    return app


if __name__ == "__main__":
    web.run_app(create_app(), port=8080)
