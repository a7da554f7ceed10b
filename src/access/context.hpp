// Who is asking, on whose behalf: every store call takes one and applies its workspace (and, with
// the roles module, its record scope) to every query it runs.
#pragma once
#include <string>

namespace rapport::access {

struct Context {
  std::string workspace_id;
  std::string user_id;
  std::string role;         // admin, ... (roles arrive with the security module)
  std::string api_key_id;   // set when the caller used an API key
  std::string request_id;
  // The user's role requires MFA and the user has not confirmed it yet: only the routes that lead
  // there may be used (RouteDoc::during_mfa_enrolment).
  bool mfa_enrollment_required = false;

  bool is_admin() const { return role == "admin"; }
  // The idempotency and audit actor: the key when a key was used, else the user.
  const std::string& actor() const { return api_key_id.empty() ? user_id : api_key_id; }
};

}  // namespace rapport::access
