package api

import (
	"example.com/chat/codes"
	"example.com/chat/server"
	"github.com/gorilla/websocket"
)

func reject(conn *websocket.Conn, code int) {
	if code == codes.CloseAuth {
		server.Deny(conn, codes.CloseAuth)
		return
	}
	server.Deny(conn, 4002)
}

func onClose(ce *websocket.CloseError) bool {
	return ce.Code == codes.CloseBanned || ce.Code == 4003
}
