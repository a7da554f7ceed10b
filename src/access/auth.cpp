#include "access/auth.hpp"

#include "platform/clock.hpp"
#include "platform/ids.hpp"

namespace rapport::access {

std::string_view bearer_token(std::string_view h) {
  constexpr std::string_view kPrefix = "bearer ";
  if (h.size() <= kPrefix.size()) return {};
  for (std::size_t i = 0; i < kPrefix.size(); ++i)  // the scheme is case-insensitive (RFC 9110 11.1)
    if (std::tolower(static_cast<unsigned char>(h[i])) != kPrefix[i]) return {};
  h.remove_prefix(kPrefix.size());
  while (!h.empty() && h.front() == ' ') h.remove_prefix(1);
  while (!h.empty() && h.back() == ' ') h.remove_suffix(1);
  return h;
}

namespace {

// Whether the caller's role requires MFA that the user has not confirmed: two primary-key probes in
// the statement that authenticates, so the check costs no extra round trip.
const std::string kEnrolmentRequired =
    "CASE WHEN EXISTS (SELECT 1 FROM mfa_policies p WHERE p.workspace_id = u.workspace_id AND p.role = u.role) "
    "AND NOT EXISTS (SELECT 1 FROM user_mfa m WHERE m.user_id = u.id AND m.enabled = 1) THEN 1 ELSE 0 END";

}  // namespace

Result<Context> Auth::authenticate(std::string_view authorization) const {
  std::string_view token = bearer_token(authorization);
  if (token.empty()) return Problem::unauthorized("Send a session token or an API key as 'Authorization: Bearer ...'");
  const Problem invalid = Problem::unauthorized("The token is unknown, expired or revoked");
  bool is_key = token.substr(0, 4) == "rpk_";
  if (!is_key && token.substr(0, 4) != "rps_") return invalid;
  std::string hash = ids::token_hash(token);
  std::string now = clock::now_text();
  std::optional<Context> ctx = db_.read_statement([&](db::Connection& c) -> std::optional<Context> {
    auto& st = c.prepare(
        is_key ? "SELECT k.workspace_id, k.user_id, u.role, k.id, " + kEnrolmentRequired +
                     " FROM api_keys k JOIN users u ON u.id = k.user_id "
                     "WHERE k.key_hash = ? AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ?) "
                     "AND u.active = 1"
               : "SELECT s.workspace_id, s.user_id, u.role, '', " + kEnrolmentRequired +
                     " FROM sessions s JOIN users u ON u.id = s.user_id "
                     "WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.active = 1");
    st.bind_all({hash, now});
    if (!st.step()) return std::nullopt;
    Context c2;
    c2.workspace_id = st.text(0);
    c2.user_id = st.text(1);
    c2.role = st.text(2);
    c2.api_key_id = st.text(3);
    c2.mfa_enrollment_required = st.int64(4) != 0;
    return c2;
  });
  if (!ctx) return invalid;
  if (is_key) {
    // Record last use at most once a minute per key, so that API traffic does not turn every read
    // into a write.
    int64_t ms = clock::now_ms();
    bool record = false;
    {
      std::lock_guard lock(mu_);
      auto& last = key_used_[ctx->api_key_id];
      if (ms - last > 60'000) {
        last = ms;
        record = true;
      }
    }
    if (record) {
      std::string id = ctx->api_key_id;
      db_.write([id, now](db::Connection& c) -> Status {
        c.prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?").bind_all({now, id}).run();
        return ok_status();
      });
    }
  }
  return std::move(*ctx);
}

Status Auth::logout(std::string_view authorization) {
  std::string hash = ids::token_hash(bearer_token(authorization));
  std::string now = clock::now_text();
  return db_.write([&](db::Connection& c) -> Status {
    c.prepare("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL").bind_all({now, hash}).run();
    return ok_status();
  });
}

}  // namespace rapport::access
