package store

import (
	"example.com/chat/codes"
	"github.com/gorilla/websocket"
)

// Pool is no WebSocket: its Close takes an exit code.
type Pool struct{ code int }

func (p *Pool) Close(code int) { p.code = code }

// Log is a file that records the code it was closed with.
type Log struct{ last int }

func (l *Log) Close(code int) error { l.last = code; return nil }

// closeLog closes a log file with a code, not a WebSocket.
func closeLog(l *Log, code int) { l.Close(code) }

func shutdown(p *Pool, l *Log, conn *websocket.Conn) {
	p.Close(codes.CloseAuth)
	p.Close(4001)
	closeLog(l, codes.CloseBanned)
	closeLog(l, 4003)
	conn.Close()
}
