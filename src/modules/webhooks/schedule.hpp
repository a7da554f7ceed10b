// When a failed delivery is tried again, and when a webhook that keeps failing is disabled.
//
// Retries follow the Standard Webhooks specification's suggested schedule: the first attempt at
// once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h: 8 attempts over about 27.6 hours,
// after which the delivery's job is dead (its log keeps each attempt).
//
// A webhook is disabled when every attempt to deliver to it has failed for 5 days (from the first
// failure after its last success): one failing message alone gives up after 27.6 hours, so it
// takes a receiver that stays broken while events keep coming. A single success resets the count.
//
// `scale` multiplies every duration (tests run the whole schedule in about a second with
// RAPPORT_WEBHOOK_TIME_SCALE=0.00001); 1 in production.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>

namespace rapport::webhooks {

inline constexpr int kMaxAttempts = 8;
inline constexpr std::chrono::hours kDisableAfter{5 * 24};

struct Timing {
  double scale = 1.0;
};

// The wait after failed attempt `attempt` (1-based) before the next; nullopt when it was the last.
std::optional<std::chrono::milliseconds> retry_delay(int attempt, Timing timing = {});

// Whether a webhook failing since `failing_since_ms` (nullopt: its last attempt succeeded) is to be
// disabled at `now_ms`.
bool should_disable(std::optional<int64_t> failing_since_ms, int64_t now_ms, Timing timing = {});

}  // namespace rapport::webhooks
