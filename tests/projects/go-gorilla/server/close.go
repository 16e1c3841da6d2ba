package server

import (
	"time"

	"github.com/gorilla/websocket"
)

// Kick sends a close frame with the code and reason.
func Kick(conn *websocket.Conn, code, kind int, reason string) {
	deadline := time.Now().Add(time.Second)
	conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), deadline)
}

// Deny refuses a session: a helper forwarding to Kick.
func Deny(conn *websocket.Conn, code int) {
	Kick(conn, code, 0, "denied")
}

func (s *Session) drop(code int) {
	Deny(s.conn, code)
}
