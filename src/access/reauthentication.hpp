// Re-authentication of a signed-in user who asks for something that needs the password again
// (changing it, turning MFA off). The attempt counts like a sign-in of the user's account from the
// client's address, so a stolen session cannot become a way to guess the password at will.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "access/context.hpp"
#include "access/login_throttle.hpp"
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"

namespace rapport::access {

class Reauthentication {
 public:
  // Reads the signed-in user's email and password hash (ctx.user_id in ctx.workspace_id).
  Reauthentication(db::Database& db, const LoginThrottle& throttle, const Context& ctx, std::string_view client_address);

  // Records the attempt under the throttle. Returns the answer to send instead when the attempt may
  // not go on: 429 with Retry-After while the account or address must wait, or the write's problem.
  std::optional<http::Response> begin(const http::Request& req);
  // Whether `password` is the user's. Costs one Argon2 verification either way (a decoy hash when the
  // user has none); a wrong password is recorded as a failed attempt before this returns.
  bool password_matches(std::string_view password);
  // Records a failed attempt (e.g. a wrong second factor after a right password).
  void failed();
  // For the caller's write transaction that acts on a successful attempt: forget the failures.
  const ThrottledCheck& check() const { return check_; }

 private:
  Reauthentication(db::Database& db, const LoginThrottle& throttle, std::pair<std::string, std::string> email_and_hash,
                   std::string_view client_address);
  db::Database& db_;
  std::string email_, password_hash_;
  ThrottledCheck check_;
};

}  // namespace rapport::access
