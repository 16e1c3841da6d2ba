"""Order book consumer that reconnects when the server restarts."""

import asyncio
import logging

import aiohttp
from aiohttp import WSCloseCode, WSMsgType

log = logging.getLogger("orderbook-client")


async def consume(url: str, symbols: list[str]) -> None:
    backoff = 1
    async with aiohttp.ClientSession() as session:
        while True:
            async with session.ws_connect(url, heartbeat=20) as ws:
                backoff = 1
                await ws.send_json({"op": "subscribe", "symbols": symbols})
                async for msg in ws:
                    if msg.type == WSMsgType.TEXT:
                        update = msg.json()
                        if update.get("op") == "maintenance":
                            # Server announced a restart: hang up and come back later.
                            await ws.close(code=WSCloseCode.SERVICE_RESTART, message=b"reconnecting")
                            break
                        log.info("update %s", update)
                    elif msg.type == WSMsgType.ERROR:
                        break
                if ws.close_code == WSCloseCode.POLICY_VIOLATION:
                    log.error("server rejected our subscription")
                    return
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 30)


async def main() -> None:
    consumer = asyncio.create_task(consume("ws://localhost:8080/ws", ["BTC-USD", "ETH-USD"]))
    try:
        await consumer
    except asyncio.CancelledError:
        pass


if __name__ == "__main__":
    asyncio.run(main())
