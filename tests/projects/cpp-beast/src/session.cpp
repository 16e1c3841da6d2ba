#include <boost/beast/websocket.hpp>
#include "session.hpp"

// Sends a close frame with the code and reason.
void Session::kick(std::uint16_t code, const std::string& reason) {
    ws_.close(websocket::close_reason(code, reason));
}

// Refuses a session: a helper forwarding to kick.
void Session::deny(std::uint16_t code) {
    kick(code, "denied");
}
