#include <chrono>
#include <thread>
#include "codes.hpp"
#include "session.hpp"

void on_open(Session& s, const std::string& token) {
    if (token.empty()) {
        s.kick(4001, "no token");
        return;
    }
    s.kick(codes::kBanned, "banned");
    s.deny(CLOSE_AUTH);
    s.kick(static_cast<std::uint16_t>(AppClose::Shutdown), "bye");
    auto* p = &s;
    p->deny(Limits::kOldClient);
    std::this_thread::sleep_for(std::chrono::milliseconds(codes::kTimeoutMs));
}

bool on_close(std::uint16_t code) {
    return code == CLOSE_AUTH || code == codes::kBanned;
}
