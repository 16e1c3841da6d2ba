package wsx

import "github.com/coder/websocket"

// CloseWith closes the connection with a status.
func CloseWith(c *websocket.Conn, status websocket.StatusCode, reason string) error {
	return c.Close(status, reason)
}

// close is a helper with a common name: only this package's calls count.
func close(c *websocket.Conn, status websocket.StatusCode) {
	_ = c.Close(status, "")
}

func busy(c *websocket.Conn) {
	close(c, StatusBusy)
}
