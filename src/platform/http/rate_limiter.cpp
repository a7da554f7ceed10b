#include "platform/http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::http {

RateLimiter::Bucket& RateLimiter::refilled(const std::string& caller, int64_t now_ms) {
  // Buckets that have refilled completely hold nothing worth keeping: drop them now and then, so
  // that memory follows the number of recent callers.
  if (now_ms - last_sweep_ms_ > 60'000) {
    last_sweep_ms_ = now_ms;
    std::erase_if(buckets_, [&](const auto& kv) {
      return kv.second.tokens + static_cast<double>(now_ms - kv.second.at_ms) / 1000.0 * rate_ >= burst_;
    });
  }
  auto [it, fresh] = buckets_.try_emplace(caller, Bucket{burst_, now_ms});
  Bucket& b = it->second;
  if (!fresh) {
    b.tokens = std::min(burst_, b.tokens + static_cast<double>(std::max<int64_t>(0, now_ms - b.at_ms)) / 1000.0 * rate_);
    b.at_ms = std::max(b.at_ms, now_ms);
  }
  return b;
}

int RateLimiter::seconds_to_wait(const Bucket& b) const {
  if (b.tokens >= 1.0) return 0;
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate_)));
}

int RateLimiter::take(const std::string& caller, int64_t now_ms) {
  std::lock_guard lock(mu_);
  Bucket& b = refilled(caller, now_ms);
  int wait = seconds_to_wait(b);
  if (wait == 0) b.tokens -= 1.0;
  return wait;
}

int RateLimiter::wait(const std::string& caller, int64_t now_ms) {
  std::lock_guard lock(mu_);
  return seconds_to_wait(refilled(caller, now_ms));
}

std::size_t RateLimiter::callers() {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

}  // namespace rapport::http
