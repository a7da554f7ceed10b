#include "access/mfa.hpp"

#include <sodium.h>

#include "access/totp.hpp"
#include "platform/clock.hpp"

namespace rapport::access::mfa {

std::string secret_context(const std::string& user_id) { return "totp:" + user_id; }

std::optional<State> load(db::Connection& c, const std::string& user_id) {
  auto& st = c.prepare("SELECT enabled, secret_sealed, last_step, created_at, confirmed_at FROM user_mfa WHERE user_id = ?");
  st.bind_all({user_id});
  if (!st.step()) return std::nullopt;
  State s;
  s.enabled = st.int64(0) != 0;
  s.secret_sealed = st.text(1);
  s.last_step = st.int64(2);
  s.created_at = st.text(3);
  if (!st.is_null(4)) s.confirmed_at = st.text(4);
  st.reset();
  return s;
}

std::string enroll(db::Connection& c, const Vault& vault, const std::string& workspace_id, const std::string& user_id) {
  std::string secret = totp::new_secret();
  c.prepare("DELETE FROM user_mfa WHERE user_id = ? AND enabled = 0").bind_all({user_id}).run();
  c.prepare(
       "INSERT INTO user_mfa(user_id, workspace_id, secret_sealed, enabled, last_step, created_at) VALUES (?, ?, ?, 0, -1, ?)")
      .bind_all({user_id, workspace_id, vault.seal(secret, secret_context(user_id)), clock::now_text()})
      .run();
  return secret;
}

std::string normalise_recovery_code(std::string_view code) {
  std::string out;
  for (char ch : code) {
    if (ch == '-' || ch == ' ') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  }
  return out;
}

std::string recovery_code_hash(const std::string& user_id, std::string_view normalised_code) {
  // Keyed by the user id: the same code (never expected) hashes differently for two users.
  unsigned char key[crypto_generichash_KEYBYTES];
  crypto_generichash(key, sizeof key, reinterpret_cast<const unsigned char*>(user_id.data()), user_id.size(), nullptr, 0);
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(normalised_code.data()), normalised_code.size(),
                     key, sizeof key);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

namespace {

bool six_digits(std::string_view code) {
  if (code.size() != static_cast<std::size_t>(totp::kDigits)) return false;
  for (char ch : code)
    if (ch < '0' || ch > '9') return false;
  return true;
}

// 16 random bytes in lower-case base32 (26 characters), grouped 5-5-5-5-6 for reading aloud.
std::string random_recovery_code() {
  std::string raw(16, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string b32 = totp::base32_encode(raw);
  sodium_memzero(raw.data(), raw.size());
  std::string out;
  for (std::size_t i = 0; i < b32.size(); ++i) {
    if (i > 0 && i % 5 == 0 && i < 25) out.push_back('-');
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(b32[i]))));
  }
  return out;
}

}  // namespace

Factor consume(db::Connection& c, const Vault& vault, const std::string& user_id, std::string_view code,
               int64_t unix_seconds, bool allow_pending) {
  auto state = load(c, user_id);
  if (!state || (!state->enabled && !allow_pending)) return Factor::None;
  if (six_digits(code)) {
    auto secret = vault.open(state->secret_sealed, secret_context(user_id));
    if (!secret) throw VaultError("the TOTP secret of user " + user_id + " does not open with this master key");
    auto step = totp::verify(*secret, code, unix_seconds, state->last_step);
    sodium_memzero(secret->data(), secret->size());
    if (!step) return Factor::None;
    // Another transaction may have accepted this step (or a later one) since load(): only one wins.
    c.prepare("UPDATE user_mfa SET last_step = ? WHERE user_id = ? AND last_step < ?").bind_all({*step, user_id, *step}).run();
    return c.changes() == 1 ? Factor::Totp : Factor::None;
  }
  if (!state->enabled) return Factor::None;
  std::string normalised = normalise_recovery_code(code);
  if (normalised.empty() || normalised.size() > 64) return Factor::None;
  std::string want = recovery_code_hash(user_id, normalised);
  // Compared in constant time against every unused code of the user (at most ten).
  std::optional<std::string> matched;
  auto& st = c.prepare("SELECT code_hash FROM mfa_recovery_codes WHERE user_id = ? AND used_at IS NULL");
  st.bind_all({user_id});
  while (st.step()) {
    std::string have = st.text(0);
    if (have.size() == want.size() && sodium_memcmp(have.data(), want.data(), want.size()) == 0 && !matched) matched = have;
  }
  st.reset();
  if (!matched) return Factor::None;
  c.prepare("UPDATE mfa_recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL")
      .bind_all({clock::now_text(), user_id, *matched})
      .run();
  return c.changes() == 1 ? Factor::RecoveryCode : Factor::None;
}

std::vector<std::string> new_recovery_codes(db::Connection& c, const std::string& user_id) {
  c.prepare("DELETE FROM mfa_recovery_codes WHERE user_id = ?").bind_all({user_id}).run();
  std::vector<std::string> codes;
  std::string now = clock::now_text();
  for (int i = 0; i < kRecoveryCodes; ++i) {
    codes.push_back(random_recovery_code());
    c.prepare("INSERT INTO mfa_recovery_codes(user_id, code_hash, created_at) VALUES (?, ?, ?)")
        .bind_all({user_id, recovery_code_hash(user_id, normalise_recovery_code(codes.back())), now})
        .run();
  }
  return codes;
}

int64_t recovery_codes_left(db::Connection& c, const std::string& user_id) {
  return std::get<int64_t>(
      c.scalar("SELECT count(*) FROM mfa_recovery_codes WHERE user_id = ? AND used_at IS NULL", {user_id}));
}

void enable(db::Connection& c, const std::string& user_id, const std::string& at) {
  c.prepare("UPDATE user_mfa SET enabled = 1, confirmed_at = ? WHERE user_id = ?").bind_all({at, user_id}).run();
}

void remove(db::Connection& c, const std::string& user_id) {
  c.prepare("DELETE FROM mfa_recovery_codes WHERE user_id = ?").bind_all({user_id}).run();
  c.prepare("DELETE FROM user_mfa WHERE user_id = ?").bind_all({user_id}).run();
}

std::vector<std::string> required_roles(db::Connection& c, const std::string& workspace_id) {
  std::vector<std::string> out;
  auto& st = c.prepare("SELECT role FROM mfa_policies WHERE workspace_id = ? ORDER BY role");
  st.bind_all({workspace_id});
  while (st.step()) out.push_back(st.text(0));
  return out;
}

bool user_requires_mfa(db::Connection& c, const std::string& workspace_id, const std::string& user_id) {
  return !std::holds_alternative<std::nullptr_t>(c.scalar(
      "SELECT 1 FROM users u JOIN mfa_policies p ON p.workspace_id = u.workspace_id AND p.role = u.role "
      "WHERE u.workspace_id = ? AND u.id = ?",
      {workspace_id, user_id}));
}

}  // namespace rapport::access::mfa
