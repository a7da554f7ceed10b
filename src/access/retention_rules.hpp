// What the access module keeps only for a while (docs/operations.md, "Retention"): sessions once
// they ended, used MFA recovery codes, enrolments never confirmed, sign-in failures older than the
// throttle's window.
#pragma once
#include <cstdint>
#include <vector>

#include "platform/retention.hpp"

namespace rapport::access {

// session_idle_s: a session unused this long has ended (Auth); throttle_window_s: the longest window
// a sign-in failure counts in (ThrottleOptions::window_s).
std::vector<RetentionRule> retention_rules(int64_t session_idle_s, int64_t throttle_window_s);

}  // namespace rapport::access
