#include "access/auth.hpp"

#include "access/passwords.hpp"
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

Result<LoginResult> Auth::login(const std::string& email, const std::string& password, const std::string& workspace) {
  struct Candidate {
    std::string user_id, workspace_id, role, hash;
    bool active;
  };
  std::vector<Candidate> found = db_.read([&](db::Connection& c) {
    std::vector<Candidate> out;
    auto& st = c.prepare(
        "SELECT u.id, u.workspace_id, u.role, u.password_hash, u.active FROM users u JOIN workspaces w ON "
        "w.id = u.workspace_id WHERE lower(u.email) = lower(?) AND (? = '' OR w.name = ?) LIMIT 2");
    st.bind_all({email, workspace, workspace});
    while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.int64(4) != 0});
    return out;
  });
  const Problem denied = Problem::unauthorized("The email or password is wrong");
  if (found.size() > 1)
    return Problem::invalid({{"workspace", "required", "This email belongs to several workspaces; name one"}});
  if (found.empty()) {
    verify_password(decoy_hash(), password);  // same cost as a real check
    return denied;
  }
  const Candidate& u = found.front();
  if (!verify_password(u.hash, password) || !u.active) return denied;
  LoginResult r;
  r.token = "rps_" + ids::random_token(32);
  r.user_id = u.user_id;
  r.workspace_id = u.workspace_id;
  r.role = u.role;
  int64_t now = clock::now_ms();
  r.expires_at = clock::format_ms(now + ttl_s_ * 1000);
  auto st = db_.write([&](db::Connection& c) -> Status {
    c.prepare("INSERT INTO sessions(token_hash, workspace_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
        .bind_all({ids::token_hash(r.token), r.workspace_id, r.user_id, clock::format_ms(now), r.expires_at})
        .run();
    return ok_status();
  });
  if (!st) return st.take_problem();
  return r;
}

Result<Context> Auth::authenticate(std::string_view authorization) const {
  std::string_view token = bearer_token(authorization);
  if (token.empty()) return Problem::unauthorized("Send a session token or an API key as 'Authorization: Bearer ...'");
  const Problem invalid = Problem::unauthorized("The token is unknown, expired or revoked");
  bool is_key = token.substr(0, 4) == "rpk_";
  if (!is_key && token.substr(0, 4) != "rps_") return invalid;
  std::string hash = ids::token_hash(token);
  std::string now = clock::now_text();
  std::optional<Context> ctx = db_.read_statement([&](db::Connection& c) -> std::optional<Context> {
    // The user's role, and for a key the key's role, with their custom definitions when they are not
    // built-in (one statement: authentication is on every request).
    auto& st = c.prepare(
        is_key ? "SELECT k.workspace_id, k.user_id, u.role, k.id, r.definition, r.version, k.role, kr.definition, "
                 "kr.version FROM api_keys k JOIN users u ON u.id = k.user_id "
                 "LEFT JOIN roles r ON r.workspace_id = u.workspace_id AND r.name = u.role "
                 "LEFT JOIN roles kr ON kr.workspace_id = k.workspace_id AND kr.name = k.role "
                 "WHERE k.key_hash = ? AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ?) "
                 "AND u.active = 1"
               : "SELECT s.workspace_id, s.user_id, u.role, '', r.definition, r.version FROM sessions s "
                 "JOIN users u ON u.id = s.user_id "
                 "LEFT JOIN roles r ON r.workspace_id = u.workspace_id AND r.name = u.role "
                 "WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.active = 1");
    st.bind_all({hash, now});
    if (!st.step()) return std::nullopt;
    Context c2;
    c2.workspace_id = st.text(0);
    c2.user_id = st.text(1);
    c2.role = st.text(2);
    c2.api_key_id = st.text(3);
    auto definition = [&](int col) { return st.is_null(col) ? std::nullopt : std::optional<std::string>(st.text(col)); };
    auto revision = [&](int col) { return st.is_null(col) ? std::string() : std::to_string(st.int64(col)); };
    c2.grants = roles_.get(c2.workspace_id, c2.role, definition(4), revision(5));
    if (is_key && !st.is_null(6)) {
      auto key_role = roles_.get(c2.workspace_id, st.text(6), definition(7), revision(8));
      c2.grants = std::make_shared<const Role>(intersect(*key_role, *c2.grants));
      c2.role = st.text(6);
    }
    st.reset();
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
