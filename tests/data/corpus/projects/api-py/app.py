"""A Starlette endpoint: the fake corpus of tests/corpus_report.rs."""
from starlette import status
from starlette.websockets import WebSocket


async def endpoint(websocket: WebSocket) -> None:
    await websocket.accept()
    with open("audit.log", "a") as log:
        log.write("open\n")
    await websocket.close(code=status.WS_1008_POLICY_VIOLATION)
