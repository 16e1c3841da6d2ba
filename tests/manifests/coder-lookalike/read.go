package websocket

// A package of the same name in another module: not the library, so neither the bare names
// nor the calls count.
func (c *Conn) reader() {
	c.Close(StatusPolicyViolation, "unexpected data message")
	c.Close(1011, "internal")
}
