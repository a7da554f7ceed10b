#include "access/retention_rules.hpp"

namespace rapport::access {

std::vector<RetentionRule> retention_rules(int64_t session_idle_s, int64_t throttle_window_s) {
  using std::chrono::seconds;
  return {
      // An ended session can never be used again (Auth::authenticate asks the same three things), so
      // nothing is gained by keeping it; sign-ins and sign-outs stay in the audit log.
      {"ended sessions", "sessions", "token_hash", "expires_at < ? OR revoked_at < ? OR last_seen_at < ?",
       {seconds(0), seconds(0), seconds(session_idle_s)}},
      // A used code is refused whether its row is kept or not: only unused codes are compared.
      {"used MFA recovery codes", "mfa_recovery_codes", "user_id, code_hash", "used_at < ?", {seconds(0)}},
      // An authenticator secret shown but never confirmed with a code: the user starts again.
      {"unconfirmed MFA enrolments", "user_mfa", "user_id", "enabled = 0 AND created_at < ?", {seconds(24 * 3600)}},
      {"sign-in failures outside the throttle window", "login_failures", "key, id", "at < ?", {seconds(throttle_window_s)}},
  };
}

}  // namespace rapport::access
