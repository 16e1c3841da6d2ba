module example.com/app

go 1.21

require nhooyr.io/websocket v1.8.7
