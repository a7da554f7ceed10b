// Login throttling: every sign-in attempt is recorded under two keys, the account
// ("acct:<lower-case email>", whether or not it exists) and the client address ("ip:<address>"),
// before the password is checked, and removed again when the attempt succeeds. What stays are the
// failures. While a key has too many of them in the last hour, the next attempt is refused with 429
// and Retry-After without checking anything: after `free_failures` failures each further attempt
// waits 2^n seconds after the last one (capped), and at `hourly_cap` failures nothing runs until the
// oldest is an hour old. The rows live in the database, so the limits hold across nodes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/problem.hpp"

namespace rapport::access {

struct ThrottleLimits {
  int64_t free_failures = 5;    // failures allowed without waiting
  int64_t backoff_cap_s = 900;  // the longest back-off; 0 turns back-off off (the hourly cap stays)
  int64_t hourly_cap = 100;     // failures counted per hour, at most
};

struct ThrottleOptions {
  ThrottleLimits account{5, 900, 100};
  // One address may be an office behind NAT: more room before it waits.
  ThrottleLimits address{20, 900, 1000};
  int64_t window_s = 3600;
};

// What the failures of one key in the window say about the next attempt: seconds to wait (0: go).
// Pure: failures counted in the window, the newest and oldest of them (epoch ms), now.
int64_t throttle_wait_seconds(const ThrottleLimits& limits, int64_t window_s, int64_t failures, int64_t newest_ms,
                              int64_t oldest_ms, int64_t now_ms);

std::string account_key(std::string_view email);
std::string address_key(std::string_view address);

class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottleOptions o = {}) : o_(o) {}

  // Inside a write transaction: when neither key must wait, records the attempt `attempt_id` under
  // both and returns 0; otherwise records nothing and returns the seconds to wait. On PostgreSQL the
  // keys are locked for the transaction first, so concurrent attempts on other nodes count in order.
  int64_t begin(db::Connection& c, const std::string& account, const std::string& address,
                const std::string& attempt_id) const;
  // The attempt failed: its rows stay as failures (timestamped now). With count_address false only
  // the account's row stays (the password was right, a second factor is still wanted: a client that
  // asks for the code only after this answer must not use up its office's shared address).
  void failed(db::Connection& c, const std::string& account, const std::string& address,
              const std::string& attempt_id, bool count_address = true) const;
  // The attempt succeeded: the account's failures are forgotten, and this attempt's address row.
  void succeeded(db::Connection& c, const std::string& account, const std::string& address,
                 const std::string& attempt_id) const;

  // The attempt turned out not to be a guess: its rows go, the account's earlier failures stay.
  void forget(db::Connection& c, const std::string& account, const std::string& address,
              const std::string& attempt_id) const;

  const ThrottleOptions& options() const { return o_; }

 private:
  ThrottleOptions o_;
};

// A password or code checked for a caller who is signed in already (changing the password, turning
// MFA off) counts as a sign-in attempt of the account and the client address, so that a stolen
// session cannot be used to guess. Each method runs inside a write transaction: begin() first (0:
// go on, else the seconds to wait and nothing was recorded), then failed() for a wrong guess or
// forget() when the attempt was not one (the secret was right, or the request failed otherwise).
class ThrottledCheck {
 public:
  ThrottledCheck(const LoginThrottle& throttle, std::string_view email, std::string_view client_address);
  int64_t begin(db::Connection& c) const { return throttle_.begin(c, account_, address_, attempt_); }
  void failed(db::Connection& c) const { throttle_.failed(c, account_, address_, attempt_); }
  void forget(db::Connection& c) const { throttle_.forget(c, account_, address_, attempt_); }

 private:
  const LoginThrottle& throttle_;
  std::string account_, address_, attempt_;
};

// The 429 of a throttled attempt (type login-throttled); the caller adds Retry-After: wait_s.
Problem throttled_problem(int64_t wait_s);

}  // namespace rapport::access
