package server

import (
	"net/http"
	"time"

	"example.com/chat/codes"
	"github.com/gorilla/websocket"
)

var upgrader = websocket.Upgrader{}

type Session struct {
	conn *websocket.Conn
	code int
}

func handle(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	if r.Header.Get("Authorization") == "" {
		Kick(conn, 4001, 0, "no token")
		return
	}
	if banned(r) {
		Kick(conn, codes.CloseBanned, 0, "banned")
		return
	}
	s := &Session{conn: conn}
	s.drop(codes.CloseIdle)
	conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(codes.CloseAuth, "expired"))
	Kick(conn, int(codes.KindShutdown), 0, "bye")
	time.Sleep(codes.Timeout * time.Millisecond)
	waitFor(codes.Timeout)
}

func waitFor(ms int) {
	time.Sleep(time.Duration(ms) * time.Millisecond)
}

func banned(r *http.Request) bool { return r.URL.Query().Get("ban") != "" }
