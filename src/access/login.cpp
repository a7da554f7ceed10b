// Auth::login: throttling, the password, the second factor, the session, and the audit entries.
//
// Order matters for what an attacker can learn and spend:
//   1. the account's candidates are read (no secret involved; an email may have one account per
//      workspace);
//   2. the attempt is recorded under the account and address keys, or refused with 429 before any
//      check when either key must wait (access/login_throttle.hpp);
//   3. the password is verified (against a decoy hash for an unknown email: the same cost; an email
//      of several workspaces against each account's, and only a right password learns that a
//      workspace must be named);
//   4. failures keep their throttle rows, and one write records them (with an audit entry for a known
//      account), so a wrong password and an unknown email do the same work and answer alike;
//   5. with MFA, the code is consumed in the transaction that creates the session.
#include <sodium.h>

#include "access/auth.hpp"
#include "access/mfa.hpp"
#include "access/passwords.hpp"
#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"

namespace rapport::access {
namespace json = boost::json;

namespace {

// Accounts of one email checked at one sign-in without a workspace name (an email in more
// workspaces than this is asked for its workspace only when its password is one of these).
constexpr int kMaxAccounts = 5;

struct Candidate {
  std::string user_id, workspace_id, role, hash;
  bool active = false;
  bool mfa_enabled = false;
  bool mfa_required = false;  // by the workspace's policy for the role
};

Problem mfa_problem(std::string detail) { return {401, "Unauthorized", std::move(detail), {}, "mfa-required"}; }

json::array login_changes(const std::string& what, const std::string& value, const std::string& address) {
  return json::array{json::object{{"field", what}, {"before", nullptr}, {"after", value}},
                     json::object{{"field", "client_address"}, {"before", nullptr}, {"after", address}}};
}

}  // namespace

Result<LoginResult> Auth::login(const LoginAttempt& a, int64_t* retry_after_s) {
  *retry_after_s = 0;
  std::vector<Candidate> found = db_.read([&](db::Connection& c) {
    std::vector<Candidate> out;
    auto& st = c.prepare(
        "SELECT u.id, u.workspace_id, u.role, u.password_hash, u.active, "
        "CASE WHEN EXISTS (SELECT 1 FROM user_mfa m WHERE m.user_id = u.id AND m.enabled = 1) THEN 1 ELSE 0 END, "
        "CASE WHEN EXISTS (SELECT 1 FROM mfa_policies p WHERE p.workspace_id = u.workspace_id AND p.role = u.role) "
        "THEN 1 ELSE 0 END "
        "FROM users u JOIN workspaces w ON w.id = u.workspace_id "
        "WHERE u.email_key = ? AND (? = '' OR w.name_key = ?) ORDER BY u.id LIMIT " + std::to_string(kMaxAccounts));
    st.bind_all({case_fold::key(a.email), a.workspace, case_fold::key(a.workspace)});
    while (st.step())
      out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.int64(4) != 0, st.int64(5) != 0, st.int64(6) != 0});
    return out;
  });

  const std::string account = account_key(a.email), address = address_key(a.client_address);
  const std::string attempt = ids::uuid_v7();
  int64_t wait = 0;
  auto begun = db_.write([&](db::Connection& c) -> Status {
    wait = throttle_.begin(c, account, address, attempt);
    return ok_status();
  });
  if (!begun) return begun.take_problem();
  if (wait > 0) {
    ++counters_.throttled;
    *retry_after_s = wait;
    return Problem{429, "Too Many Requests",
                   "Too many failed sign-ins for this account or address; retry in " + std::to_string(wait) + " seconds",
                   {}, "login-throttled"};
  }

  // An unknown email costs the same as a wrong password: a hash is verified either way. An email of
  // several workspaces (no workspace named) is checked against each account's password until one
  // matches (an active one preferred).
  const Candidate* u = nullptr;  // the account signing in: the one whose password matched
  bool password_ok = false;
  if (found.empty()) verify_password(decoy_hash(), a.password);
  for (const auto& candidate : found) {
    if (!verify_password(candidate.hash, a.password)) continue;
    u = &candidate;
    password_ok = candidate.active;
    if (password_ok) break;
  }

  // `reason` names the failure of `u`, whose password was right; without one, a failed password:
  // every account of the email gets a failure in its workspace's audit log ("inactive" for an
  // inactive one, whatever the password).
  auto fail = [&](const std::string& reason, Problem p) -> Result<LoginResult> {
    auto st = db_.write([&](db::Connection& c) -> Status {
      throttle_.failed(c, account, address, attempt, reason != "mfa_code_missing");
      for (const auto& candidate : found) {
        if (!reason.empty() && &candidate != u) continue;
        Context in_workspace;  // no actor: nobody signed in
        in_workspace.workspace_id = candidate.workspace_id;
        in_workspace.request_id = a.request_id;
        std::string why = !reason.empty() ? reason : candidate.active ? "password" : "inactive";
        journal::audit(c, in_workspace, "users", candidate.user_id, "login_failed", login_changes("reason", why, a.client_address));
      }
      return ok_status();
    });
    if (!st) return st.take_problem();
    ++(found.empty() ? counters_.unknown_email : counters_.failed);
    return p;
  };
  if (!password_ok) return fail("", Problem::unauthorized("The email or password is wrong"));
  if (found.size() > 1) {
    // Only now, with the right password, may the answer differ from a wrong one. Not a guess: the
    // attempt is forgotten (the account's earlier failures stay).
    auto st = db_.write([&](db::Connection& c) -> Status {
      throttle_.forget(c, account, address, attempt);
      return ok_status();
    });
    if (!st) return st.take_problem();
    return Problem::invalid({{"workspace", "required", "This email belongs to several workspaces; name one"}});
  }

  Context as_user;  // the audit entries' context: the account's workspace; actor only on success
  as_user.workspace_id = u->workspace_id;
  as_user.request_id = a.request_id;
  if (u->mfa_enabled && a.code.empty())
    return fail("mfa_code_missing", mfa_problem("This account has multi-factor authentication: send the current "
                                                "code of your authenticator app (or a recovery code) as \"code\""));

  LoginResult r;
  r.token = "rps_" + ids::random_token(32);
  r.user_id = u->user_id;
  r.workspace_id = u->workspace_id;
  r.role = u->role;
  r.mfa_enrollment_required = u->mfa_required && !u->mfa_enabled;
  const int64_t now = clock::now_ms();
  r.expires_at = clock::format_ms(now + ttl_s_ * 1000);
  bool accepted = true;
  auto st = db_.write([&](db::Connection& c) -> Status {
    accepted = true;
    std::string method = "password";
    if (u->mfa_enabled) {
      auto factor = mfa::consume(c, vault_, u->user_id, a.code, now / 1000);
      if (factor == mfa::Factor::None) {
        accepted = false;
        throttle_.failed(c, account, address, attempt);
        journal::audit(c, as_user, "users", u->user_id, "login_failed", login_changes("reason", "mfa_code", a.client_address));
        return ok_status();  // the failure is recorded; the caller answers 401
      }
      method = factor == mfa::Factor::Totp ? "totp" : "recovery_code";
    }
    c.prepare("INSERT INTO sessions(token_hash, workspace_id, user_id, created_at, expires_at, id, last_seen_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind_all({ids::token_hash(r.token), r.workspace_id, r.user_id, clock::format_ms(now), r.expires_at, ids::uuid_v7(),
                   clock::format_ms(now)})
        .run();
    throttle_.succeeded(c, account, address, attempt);
    Context actor = as_user;
    actor.user_id = u->user_id;
    journal::audit(c, actor, "users", u->user_id, "login", login_changes("method", method, a.client_address));
    return ok_status();
  });
  if (!st) return st.take_problem();
  if (!accepted) {
    ++counters_.failed;
    return mfa_problem("The code is wrong, expired or was used already; send the current code of your authenticator "
                       "app or an unused recovery code");
  }
  ++counters_.succeeded;
  return r;
}

}  // namespace rapport::access
