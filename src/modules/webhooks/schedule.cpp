#include "modules/webhooks/schedule.hpp"

#include <array>
#include <cmath>

namespace rapport::webhooks {

namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// The wait after attempt n is kDelays[n - 1].
const std::array<milliseconds, kMaxAttempts - 1> kDelays = {seconds(5), minutes(5), minutes(30), hours(2),
                                                            hours(5),   hours(10),  hours(10)};

milliseconds scaled(milliseconds d, const Timing& t) {
  return milliseconds(static_cast<int64_t>(std::llround(static_cast<double>(d.count()) * t.scale)));
}

}  // namespace

std::optional<milliseconds> retry_delay(int attempt, Timing timing) {
  if (attempt < 1 || attempt >= kMaxAttempts) return std::nullopt;
  return scaled(kDelays[static_cast<std::size_t>(attempt - 1)], timing);
}

bool should_disable(std::optional<int64_t> failing_since_ms, int64_t now_ms, Timing timing) {
  if (!failing_since_ms) return false;
  return now_ms - *failing_since_ms >= scaled(std::chrono::duration_cast<milliseconds>(kDisableAfter), timing).count();
}

}  // namespace rapport::webhooks
