package main

import (
	"context"
	"net/http"
	"time"

	"example.com/relay/internal/wsx"
	"github.com/coder/websocket"
)

// Pool is no WebSocket.
type Pool struct{}

func (p *Pool) Drain(code int) {}

// close shares its name with a helper of package wsx, in another directory.
func close(p *Pool, code int) { p.Drain(code) }

func serve(w http.ResponseWriter, r *http.Request, pool *Pool) {
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	_ = wsx.CloseWith(c, wsx.StatusKicked, "kicked")
	_ = wsx.CloseWith(c, websocket.StatusPolicyViolation, "policy")
	_ = wsx.CloseWith(c, 4004, "gone")
	close(pool, 4005)
	time.Sleep(wsx.RetryAfterMs * time.Millisecond)
	_, cancel := context.WithTimeout(r.Context(), wsx.RetryAfterMs*time.Millisecond)
	defer cancel()
}
