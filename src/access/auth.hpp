// Logging in and recognising callers. Session tokens ("rps_...") and API keys ("rpk_...") are 256-bit
// random values; only their BLAKE2b hashes are stored, so a copy of the database yields no credential.
#pragma once
#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "access/checked_keys.hpp"
#include "access/context.hpp"
#include "access/role_store.hpp"
#include "access/login_throttle.hpp"
#include "platform/db/database.hpp"
#include "platform/vault.hpp"

namespace rapport::access {

struct LoginResult {
  std::string token;
  std::string expires_at;
  std::string user_id;
  std::string workspace_id;
  std::string role;
  bool mfa_enrollment_required = false;  // the role requires MFA, which the user has not confirmed
};

struct LoginAttempt {
  std::string email, password;
  std::string workspace;  // a name; picks one when the email exists in several workspaces
  std::string code;       // TOTP or recovery code, for a user with MFA
  std::string client_address;
  std::string request_id;
};

// Counters for /metrics (failures of unknown emails belong to no workspace's audit log).
struct LoginCounters {
  std::atomic<uint64_t> succeeded{0}, failed{0}, unknown_email{0}, throttled{0};
};

class Auth {
 public:
  // Sessions end `session_ttl_seconds` after login, or after `idle_seconds` without a request.
  Auth(db::Database& db, const Vault& vault, ThrottleOptions throttle = {}, int64_t session_ttl_seconds = 12 * 3600,
       int64_t idle_seconds = 2 * 3600)
      : db_(db), vault_(vault), throttle_(throttle), ttl_s_(session_ttl_seconds), idle_s_(idle_seconds) {}

  // 401 with one message for an unknown email, a wrong password or an inactive user (same work and
  // time for each); 401 "mfa-required" when the password is right but MFA wants a (valid, unused)
  // code; 429 while throttled, with the seconds to wait in *retry_after_s. Successes and failures of
  // known accounts go to the workspace's audit log (login.cpp).
  Result<LoginResult> login(const LoginAttempt& attempt, int64_t* retry_after_s);
  // Resolves "Bearer <token>" to a context; 401 when missing, unknown, expired or revoked.
  // record_use false: a check that is not a use (an open WebSocket rechecking its credential does not
  // keep an idle session alive).
  Result<Context> authenticate(std::string_view authorization, bool record_use = true) const;
  // The calling context of a calendar feed's token (access/calendar_feeds.hpp): its user with their
  // current role, for reading the feed only; 404 when the token is unknown or revoked or the user
  // inactive (a feed URL names a resource, and a revoked one is gone).
  Result<Context> authenticate_calendar_feed(std::string_view token) const;
  Status logout(std::string_view authorization);
  const LoginCounters& counters() const { return counters_; }
  // The same throttle guards other password checks (disabling MFA), so they cannot be used to guess.
  const LoginThrottle& throttle() const { return throttle_; }
  // A key, user, role, MFA policy or workspace may have changed (called after the change committed):
  // API keys checked before are looked up again (access/checked_keys.hpp).
  void forget_checked_keys() { checked_keys_.forget_all(); }

 private:
  db::Database& db_;
  const Vault& vault_;
  LoginThrottle throttle_;
  LoginCounters counters_;
  int64_t ttl_s_;
  int64_t idle_s_;
  // Records that a token was used: at most once a minute per key or session, so that traffic does
  // not turn every read into a write.
  void note_use(const std::string& table, const std::string& column, const std::string& id, int64_t now_ms) const;
  mutable RoleCache roles_;
  mutable CheckedKeys checked_keys_;
  mutable std::mutex mu_;
  mutable std::unordered_map<std::string, int64_t> key_used_;  // key or session id -> last recorded use (ms)
};

// "Bearer abc" -> "abc"; empty when the header has another form.
std::string_view bearer_token(std::string_view authorization);

}  // namespace rapport::access
