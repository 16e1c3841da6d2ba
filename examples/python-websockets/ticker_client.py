"""Command-line ticker built on websocket-client."""

import json
import sys

import websocket


def on_open(wsapp):
    wsapp.send(json.dumps({"op": "subscribe", "symbols": sys.argv[1:] or ["BTC-USD"]}))


def on_message(wsapp, message):
    tick = json.loads(message)
    if tick.get("op") == "error":
        print("server error:", tick.get("detail"), file=sys.stderr)
        wsapp.close(status=websocket.STATUS_NORMAL, reason=b"giving up")
        return
    print(f"{tick['symbol']:>10} {tick['price']:>12.2f}")


def on_close(wsapp, close_status_code, close_msg):
    if close_status_code not in (None, websocket.STATUS_NORMAL):
        print(f"closed: {close_status_code} {close_msg}", file=sys.stderr)


if __name__ == "__main__":
    app = websocket.WebSocketApp(
        "wss://ticker.example.com/ws",
        on_open=on_open,
        on_message=on_message,
        on_close=on_close,
    )
    try:
        app.run_forever(ping_interval=20, reconnect=5)
    except KeyboardInterrupt:
        app.close(status=websocket.STATUS_GOING_AWAY, reason=b"bye")
