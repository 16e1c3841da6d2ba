#pragma once
#include <cstdint>

#define CLOSE_AUTH 4001

namespace codes {
constexpr std::uint16_t kBanned = 4003;
constexpr int kTimeoutMs = 1000;
}  // namespace codes

enum class AppClose : std::uint16_t {
    Idle = 4008,
    Shutdown = 4100,
};

struct Limits {
    static constexpr int kRetryDelayMs = 1000;
    static constexpr std::uint16_t kOldClient = 4200;
};
