// Logging in and recognising callers. Session tokens ("rps_...") and API keys ("rpk_...") are 256-bit
// random values; only their BLAKE2b hashes are stored, so a copy of the database yields no credential.
#pragma once
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "access/context.hpp"
#include "access/role_store.hpp"
#include "platform/db/database.hpp"

namespace rapport::access {

struct LoginResult {
  std::string token;
  std::string expires_at;
  std::string user_id;
  std::string workspace_id;
  std::string role;
};

class Auth {
 public:
  // Sessions end `session_ttl_seconds` after login, or after `idle_seconds` without a request.
  explicit Auth(db::Database& db, int64_t session_ttl_seconds = 12 * 3600, int64_t idle_seconds = 2 * 3600)
      : db_(db), ttl_s_(session_ttl_seconds), idle_s_(idle_seconds) {}

  // 401 with one message for an unknown email, a wrong password or an inactive user. When the email
  // exists in several workspaces, `workspace` (a name) picks one.
  Result<LoginResult> login(const std::string& email, const std::string& password, const std::string& workspace);
  // Resolves "Bearer <token>" to a context; 401 when missing, unknown, expired or revoked.
  Result<Context> authenticate(std::string_view authorization) const;
  Status logout(std::string_view authorization);

 private:
  db::Database& db_;
  int64_t ttl_s_;
  int64_t idle_s_;
  // Records that a token was used: at most once a minute per key or session, so that traffic does
  // not turn every read into a write.
  void note_use(const std::string& table, const std::string& column, const std::string& id, const std::string& now) const;
  mutable RoleCache roles_;
  mutable std::mutex mu_;
  mutable std::unordered_map<std::string, int64_t> key_used_;  // key or session id -> last recorded use (ms)
};

// "Bearer abc" -> "abc"; empty when the header has another form.
std::string_view bearer_token(std::string_view authorization);

}  // namespace rapport::access
