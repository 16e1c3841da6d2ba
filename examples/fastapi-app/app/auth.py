"""Cookie-based auth for the whiteboard WebSocket."""

from typing import Annotated

from fastapi import Cookie, WebSocketException, status

SESSIONS = {"s3cr3t": "alice", "hunter2": "bob"}


async def current_user(session: Annotated[str | None, Cookie()] = None) -> str:
    if session is None:
        raise WebSocketException(code=status.WS_1008_POLICY_VIOLATION, reason="missing session")
    user = SESSIONS.get(session)
    if user is None:
        raise WebSocketException(code=4401, reason="session expired")
    return user
