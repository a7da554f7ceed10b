// Per-caller request rate limit (token bucket): each caller (API key or user) may send `rate`
// requests a second on average, in bursts of up to `burst`. Kept in this node's memory: behind a
// load balancer with N nodes a caller gets up to N times the rate (documented in operations).
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace rapport::http {

class RateLimiter {
 public:
  RateLimiter(double rate_per_second, double burst) : rate_(rate_per_second), burst_(burst) {}

  // 0 when the request may go ahead, else the whole seconds to wait before the next one will.
  int take(const std::string& caller, int64_t now_ms);
  // What take() would answer now, without taking anything (a request judged before its body is read
  // is charged once, when it is handled).
  int wait(const std::string& caller, int64_t now_ms);
  std::size_t callers();

 private:
  struct Bucket {
    double tokens;
    int64_t at_ms;
  };
  // The caller's bucket refilled up to now_ms (a full one for a new caller); mu_ held.
  Bucket& refilled(const std::string& caller, int64_t now_ms);
  int seconds_to_wait(const Bucket& b) const;
  double rate_, burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  int64_t last_sweep_ms_ = 0;
};

}  // namespace rapport::http
