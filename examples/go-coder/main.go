// Command notify streams notifications to browsers with coder/websocket.
package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
)

type notification struct {
	ID   string `json:"id"`
	Body string `json:"body"`
}

func notifications(w http.ResponseWriter, r *http.Request) {
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{OriginPatterns: []string{"app.example.com"}})
	if err != nil {
		return
	}
	defer c.CloseNow()

	user := r.Header.Get("X-User")
	if user == "" {
		c.Close(websocket.StatusPolicyViolation, "unauthenticated")
		return
	}

	ctx := c.CloseRead(r.Context())
	ticker := time.NewTicker(15 * time.Second)
	defer ticker.Stop()

	for {
		select {
		case <-ctx.Done():
			// The client went away; answer with an empty close frame.
			c.Close(websocket.StatusNoStatusRcvd, "")
			return
		case t := <-ticker.C:
			n := notification{ID: t.Format(time.RFC3339), Body: "still here, " + user}
			if err := wsjson.Write(ctx, c, n); err != nil {
				if !errors.Is(err, context.Canceled) {
					log.Printf("write: %v", err)
				}
				c.Close(websocket.StatusInternalError, "write failed")
				return
			}
		}
	}
}

func main() {
	http.HandleFunc("/notifications", notifications)
	log.Fatal(http.ListenAndServe(":8081", nil))
}
