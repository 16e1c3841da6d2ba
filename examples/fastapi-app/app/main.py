"""Collaborative whiteboard API (FastAPI)."""

import logging

from fastapi import Depends, FastAPI, WebSocket, WebSocketDisconnect, status

from .auth import current_user

log = logging.getLogger("whiteboard")
app = FastAPI(title="whiteboard")


class Board:
    def __init__(self) -> None:
        self.sockets: dict[str, set[WebSocket]] = {}

    async def join(self, board_id: str, websocket: WebSocket) -> None:
        await websocket.accept()
        self.sockets.setdefault(board_id, set()).add(websocket)

    def leave(self, board_id: str, websocket: WebSocket) -> None:
        self.sockets.get(board_id, set()).discard(websocket)

    async def broadcast(self, board_id: str, payload: dict) -> None:
        for peer in list(self.sockets.get(board_id, ())):
            await peer.send_json(payload)


boards = Board()


@app.websocket("/boards/{board_id}")
async def board_socket(websocket: WebSocket, board_id: str, user: str = Depends(current_user)):
    if len(boards.sockets.get(board_id, ())) >= 50:
        await websocket.close(code=status.WS_1013_TRY_AGAIN_LATER, reason="board is full")
        return
    await boards.join(board_id, websocket)
    try:
        while True:
            stroke = await websocket.receive_json()
            if not isinstance(stroke, dict) or "points" not in stroke:
                await websocket.close(code=status.WS_1003_UNSUPPORTED_DATA, reason="expected a stroke")
                break
            await boards.broadcast(board_id, {"user": user, **stroke})
    except WebSocketDisconnect:
        pass
    except Exception:
        log.exception("board %s crashed", board_id)
        await websocket.close(code=status.WS_1006_ABNORMAL_CLOSURE)
    finally:
        boards.leave(board_id, websocket)


@app.get("/healthz")
async def healthz() -> dict:
    return {"ok": True}
