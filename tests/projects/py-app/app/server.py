import asyncio
import time

import websockets

from app.codes import AUTH_FAILED, RESERVED as NO_STATUS, TIMEOUT, CloseCodes
from app import codes
from app.helpers import ban, close_db, kick


async def handler(ws):
    await ws.close(NO_STATUS)
    await ws.close(codes.RESERVED)
    await ws.close(AUTH_FAILED)
    await kick(ws, CloseCodes.ABNORMAL)
    await kick(ws, code=1015)
    await ban(ws, "spam", CloseCodes.ABNORMAL)
    # Look-alikes: a sleep, a database, a comparison.
    time.sleep(TIMEOUT)
    close_db(None, 1005)
    if ws.close_code == CloseCodes.ABNORMAL:
        pass


asyncio.run(websockets.serve(handler, "", 8765))
