"""Game state server on python-websockets."""

import asyncio
import json
import signal

from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode

GAMES: dict[str, set] = {}


async def play(websocket):
    try:
        hello = json.loads(await websocket.recv())
    except (ValueError, ConnectionClosed):
        await websocket.close(CloseCode.INVALID_DATA, "expected a JSON hello")
        return

    game_id = hello.get("game")
    if game_id is None:
        await websocket.close(CloseCode.POLICY_VIOLATION, "missing game id")
        return

    players = GAMES.setdefault(game_id, set())
    if len(players) >= 4:
        await websocket.close(4009, "game is full")
        return

    players.add(websocket)
    try:
        async for message in websocket:
            for other in players - {websocket}:
                await other.send(message)
    finally:
        players.discard(websocket)


async def main():
    async with serve(play, "0.0.0.0", 8765) as server:
        loop = asyncio.get_running_loop()
        stop = loop.create_future()
        loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
        await stop
        for players in GAMES.values():
            for websocket in players:
                await websocket.close(CloseCode.SERVICE_RESTART, "server restarting")
        server.close()


if __name__ == "__main__":
    asyncio.run(main())
