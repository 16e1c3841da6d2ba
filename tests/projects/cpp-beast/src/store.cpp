// Look-alikes: codes that never reach a WebSocket.
#include <chrono>
#include <thread>
#include "codes.hpp"

// A pool whose close takes an exit code: no WebSocket.
class Pool {
public:
    void close(int code) { code_ = code; }

private:
    int code_ = 0;
};

struct Log {
    void close(int code) { last = code; }
    int last = 0;
};

// Closes a log file with a code.
static void close_log(Log& log, int code) {
    log.close(code);
}

static void wait_ms(int ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

void shutdown(Pool& pool, Log& log) {
    pool.close(CLOSE_AUTH);
    pool.close(4001);
    close_log(log, codes::kBanned);
    close_log(log, 4003);
    wait_ms(Limits::kRetryDelayMs);
    wait_ms(codes::kTimeoutMs);
}
