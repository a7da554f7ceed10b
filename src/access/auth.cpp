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

Result<Context> Auth::authenticate(std::string_view authorization, bool record_use) const {
  std::string_view token = bearer_token(authorization);
  if (token.empty()) return Problem::unauthorized("Send a session token or an API key as 'Authorization: Bearer ...'");
  const Problem invalid = Problem::unauthorized("The token is unknown, expired or revoked");
  bool is_key = token.substr(0, 4) == "rpk_";
  if (!is_key && token.substr(0, 4) != "rps_") return invalid;
  std::string hash = ids::token_hash(token);
  const int64_t now_ms = clock::now_ms();
  if (is_key) {
    if (auto known = checked_keys_.find(hash, now_ms)) {
      if (record_use) note_use("api_keys", "last_used_at", known->api_key_id, now_ms);
      return std::move(*known);
    }
  }
  const uint64_t epoch = checked_keys_.epoch();
  std::string now = clock::format_ms(now_ms);
  int64_t key_expires_ms = 0;
  std::optional<Context> ctx = db_.read_statement([&](db::Connection& c) -> std::optional<Context> {
    // The user's role, and for a key the key's role, with their custom definitions when they are not
    // built-in (one statement: authentication is on every request).
    auto& st = c.prepare(
        is_key ? "SELECT k.workspace_id, k.user_id, u.role, k.id, " + kEnrolmentRequired +
                     ", r.definition, r.version, k.role, kr.definition, kr.version, k.expires_at FROM api_keys k JOIN users u ON u.id = k.user_id "
                     "LEFT JOIN roles r ON r.workspace_id = u.workspace_id AND r.name = u.role "
                     "LEFT JOIN roles kr ON kr.workspace_id = k.workspace_id AND kr.name = k.role "
                     "WHERE k.key_hash = ? AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ?) "
                     "AND u.active = 1"
               : "SELECT s.workspace_id, s.user_id, u.role, '', " + kEnrolmentRequired +
                     ", r.definition, r.version, s.id, s.csrf_hash FROM sessions s JOIN users u ON u.id = s.user_id "
                     "LEFT JOIN roles r ON r.workspace_id = u.workspace_id AND r.name = u.role "
                     "WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.active = 1 "
                     "AND (s.last_seen_at IS NULL OR s.last_seen_at > ?)");
    // Last use is recorded once a minute: a session idle for idle_s_ (give or take that minute) ends.
    std::string idle_since = clock::format_ms(now_ms - idle_s_ * 1000);
    if (is_key) st.bind_all({hash, now});
    else st.bind_all({hash, now, idle_since});
    if (!st.step()) return std::nullopt;
    Context c2;
    c2.workspace_id = st.text(0);
    c2.user_id = st.text(1);
    c2.role = st.text(2);
    c2.api_key_id = st.text(3);
    c2.mfa_enrollment_required = st.int64(4) != 0;
    auto definition = [&](int col) { return st.is_null(col) ? std::nullopt : std::optional<std::string>(st.text(col)); };
    auto revision = [&](int col) { return st.is_null(col) ? std::string() : std::to_string(st.int64(col)); };
    std::shared_ptr<const Role> role = roles_.get(c2.workspace_id, c2.role, definition(5), revision(6));
    c2.grants = role;
    if (!is_key) {
      c2.session_id = st.is_null(7) ? std::string() : st.text(7);
      c2.csrf_hash = st.is_null(8) ? std::string() : st.text(8);
    }
    if (is_key && !st.is_null(7)) {
      auto key_role = roles_.get(c2.workspace_id, st.text(7), definition(8), revision(9));
      c2.grants = std::make_shared<const Role>(intersect(*key_role, *role));
      c2.role = st.text(7);
    }
    if (is_key && !st.is_null(10)) key_expires_ms = clock::parse_datetime(st.text(10)).value_or(now_ms);
    st.reset();
    return c2;
  });
  if (!ctx) return invalid;
  if (is_key) checked_keys_.remember(hash, *ctx, epoch, now_ms, key_expires_ms);
  if (!record_use) return std::move(*ctx);
  if (is_key) note_use("api_keys", "last_used_at", ctx->api_key_id, now_ms);
  else if (!ctx->session_id.empty()) note_use("sessions", "last_seen_at", ctx->session_id, now_ms);
  return std::move(*ctx);
}

Result<Context> Auth::authenticate_calendar_feed(std::string_view token) const {
  const Problem gone = Problem::not_found();
  if (token.substr(0, 4) != "rpc_" || token.size() > 100) return gone;
  std::string hash = ids::token_hash(token);
  std::string feed_id;
  std::optional<Context> ctx = db_.read_statement([&](db::Connection& c) -> std::optional<Context> {
    auto& st = c.prepare(
        "SELECT f.workspace_id, f.user_id, u.role, r.definition, r.version, f.id FROM calendar_feeds f "
        "JOIN users u ON u.id = f.user_id LEFT JOIN roles r ON r.workspace_id = u.workspace_id AND r.name = u.role "
        "WHERE f.token_hash = ? AND f.revoked_at IS NULL AND u.active = 1");
    st.bind_all({hash});
    if (!st.step()) return std::nullopt;
    Context c2;
    c2.workspace_id = st.text(0);
    c2.user_id = st.text(1);
    c2.role = st.text(2);
    c2.grants = roles_.get(c2.workspace_id, c2.role, st.is_null(3) ? std::nullopt : std::optional<std::string>(st.text(3)),
                           st.is_null(4) ? std::string() : std::to_string(st.int64(4)));
    feed_id = st.text(5);
    st.reset();
    return c2;
  });
  if (!ctx) return gone;
  note_use("calendar_feeds", "last_used_at", feed_id, clock::now_ms());
  return std::move(*ctx);
}

void Auth::note_use(const std::string& table, const std::string& column, const std::string& id, int64_t ms) const {
  {
    std::lock_guard lock(mu_);
    if (key_used_.size() > 100'000) key_used_.clear();  // a bound on memory; the cost is one extra write each
    auto& last = key_used_[id];
    // Sessions record their use often enough for the idle timeout to see it (a quarter of it).
    int64_t every = table == "sessions" ? std::min<int64_t>(60'000, idle_s_ * 250) : 60'000;
    if (ms - last <= every) return;
    last = ms;
  }
  std::string now = clock::format_ms(ms);
  // Best effort: the time of last use is informational and the next use records it again, so a write
  // that fails (the database unreachable) must not fail the request it accompanies.
  (void)db_.write([table, column, id, now](db::Connection& c) -> Status {
    c.prepare("UPDATE " + table + " SET " + column + " = ? WHERE id = ?").bind_all({now, id}).run();
    return ok_status();
  });
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
