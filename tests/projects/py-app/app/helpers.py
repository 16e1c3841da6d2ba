import websockets
import sqlite3


async def kick(ws, code, reason=""):
    await ws.close(code, reason)


async def ban(ws, why, code):
    await kick(ws, code=code, reason=why)


def close_db(conn, code):
    # A database, not a socket.
    conn.close(code)
