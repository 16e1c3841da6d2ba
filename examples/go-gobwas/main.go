// Command echo is a low-allocation echo server on gobwas/ws.
package main

import (
	"log"
	"net/http"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
)

const maxFrame = 64 * 1024

func main() {
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, _, err := ws.UpgradeHTTP(r, w)
		if err != nil {
			log.Printf("upgrade: %v", err)
			return
		}
		go func() {
			defer conn.Close()
			for {
				msg, op, err := wsutil.ReadClientData(conn)
				if err != nil {
					return
				}
				if len(msg) > maxFrame {
					body := ws.NewCloseFrameBody(ws.StatusMessageTooBig, "message too big")
					_ = ws.WriteFrame(conn, ws.NewCloseFrame(body))
					return
				}
				if op == ws.OpText && string(msg) == "quit" {
					body := ws.NewCloseFrameBody(ws.StatusNormalClosure, "bye")
					_ = ws.WriteFrame(conn, ws.NewCloseFrame(body))
					return
				}
				if err := wsutil.WriteServerMessage(conn, op, msg); err != nil {
					return
				}
			}
		}()
	})
	log.Fatal(http.ListenAndServe(":8082", handler))
}
