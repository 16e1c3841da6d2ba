package websocket

import (
	"errors"
	"os"
)

// coder/websocket's own code: its constants need no qualifier inside `package websocket`.
func (c *Conn) reader() error {
	c.Close(StatusPolicyViolation, "unexpected data message") // site api=coder code=1008
	c.Close(StatusMessageTooBig, "too big")                   // site api=coder code=1009
	c.Close(1011, "internal")                                 // site api=coder code=1011
	return errors.New("x")
}

// Look-alikes: no arguments, not a close call, an unknown name.
func cleanup(f *os.File) {
	f.Close()
	os.Exit(1)
	c.Close(StatusUnknownThing, "")
}
