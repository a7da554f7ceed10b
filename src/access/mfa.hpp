// Second factor: TOTP (access/totp.hpp) with single-use recovery codes. The TOTP secret is sealed with
// the master key (platform/vault.hpp) under the context "totp:<user id>"; recovery codes (128 random
// bits each) are stored as BLAKE2b hashes. Every function runs on the caller's connection, inside
// its transaction.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/vault.hpp"

namespace rapport::access::mfa {

inline constexpr int kRecoveryCodes = 10;

struct State {
  bool enabled = false;  // false: an enrolment waiting for its first code
  std::string secret_sealed;
  int64_t last_step = -1;
  std::string created_at;
  std::optional<std::string> confirmed_at;
};

std::optional<State> load(db::Connection& c, const std::string& user_id);
std::string secret_context(const std::string& user_id);

// Stores a new pending enrolment (replacing an earlier pending one) and returns the secret.
std::string enroll(db::Connection& c, const Vault& vault, const std::string& workspace_id, const std::string& user_id);

enum class Factor { None, Totp, RecoveryCode };

// Checks a code against the user's secret (six digits) or unused recovery codes (anything else) and
// consumes it: a TOTP step is accepted once (a conditional UPDATE, so concurrent transactions with
// the same code cannot both pass), a recovery code is marked used. `allow_pending` lets the
// confirmation of an enrolment check its first code. None when nothing matched.
Factor consume(db::Connection& c, const Vault& vault, const std::string& user_id, std::string_view code,
               int64_t unix_seconds, bool allow_pending = false);

// Replaces the user's recovery codes with kRecoveryCodes new ones and returns them (shown once).
std::vector<std::string> new_recovery_codes(db::Connection& c, const std::string& user_id);
int64_t recovery_codes_left(db::Connection& c, const std::string& user_id);
// Enables a pending enrolment (after consume() accepted its first code).
void enable(db::Connection& c, const std::string& user_id, const std::string& at);
// Removes the secret and the recovery codes.
void remove(db::Connection& c, const std::string& user_id);

// "Xxxxx-..." as shown to the user, normalised (lower case, no dashes or spaces) for hashing.
std::string normalise_recovery_code(std::string_view code);
std::string recovery_code_hash(const std::string& user_id, std::string_view normalised_code);

// The roles of a workspace whose users must have MFA, sorted.
std::vector<std::string> required_roles(db::Connection& c, const std::string& workspace_id);
// Whether the policy requires MFA of the user: of the user's own role, as sign-in and authentication
// judge it, never of an API key's role (a key acts within its user's role and has no policy of its own).
bool user_requires_mfa(db::Connection& c, const std::string& workspace_id, const std::string& user_id);

}  // namespace rapport::access::mfa
