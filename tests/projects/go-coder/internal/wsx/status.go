package wsx

import "github.com/coder/websocket"

// Application close statuses.
const (
	StatusKicked websocket.StatusCode = 4003
	StatusBusy                        = websocket.StatusCode(4002)
	RetryAfterMs                      = 1000
)
