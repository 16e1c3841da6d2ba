module nhooyr.io/websocket

go 1.13
