/// Forwards its code to Session.kick: a helper too.
func ban(_ session: Session, _ code: UInt16) {
    session.kick(code)
}
