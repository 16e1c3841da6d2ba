module example.com/relay

go 1.22

require github.com/coder/websocket v1.8.12
