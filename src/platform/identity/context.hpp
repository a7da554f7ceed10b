// Who is asking, on whose behalf: every store call takes one and applies its workspace and its
// grants' record scope to every query it runs. access/auth.* builds it from a credential; the
// server's own work (first start, demo data, commands) uses one without grants.
#pragma once
#include <memory>
#include <string>

#include "platform/identity/permissions.hpp"

namespace rapport::identity {

struct Context {
  std::string workspace_id;
  std::string user_id;
  std::string role;         // the role's name (for an API key: the key's role)
  std::string api_key_id;   // set when the caller used an API key
  std::string session_id;   // set when the caller used a session
  std::string csrf_hash;    // the session's CSRF token hash (browser sessions only)
  std::string request_id;
  // What the caller may do. Null for the server's own work (first start, demo data, commands),
  // which acts with every right.
  std::shared_ptr<const Permissions> grants;
  // The user's role requires MFA and the user has not confirmed it yet: only the routes that lead
  // there may be used (RouteDoc::during_mfa_enrolment).
  bool mfa_enrollment_required = false;
  // Set when an automation rule acts (modules/automation): "automation:<rule id>", the actor its
  // audit entries name instead of a user or key.
  std::string automation_actor;
  // How many automation runs led to this change: 0 for a person's or the server's own. journal's
  // events carry it (outbox.depth), so a rule's change can start other rules only to a bounded depth.
  int automation_depth = 0;

  // From the effective grants only, never from the role's name (an API key's role may say "admin"
  // while its user's current role does not). The server's own work administers.
  bool is_admin() const { return !grants || grants->admin; }
  Scope scope(std::string_view object, Action a) const { return grants ? grants->scope(object, a) : Scope::All; }
  bool can_reassign() const { return !grants || grants->can_reassign; }
  FieldAccess field(std::string_view object, std::string_view name) const {
    return grants ? grants->field(object, name) : FieldAccess::Visible;
  }
  // The caller's field rules for an object, or nullptr when none restrict it.
  const FieldRules* field_rules(std::string_view object) const { return grants ? grants->field_rules(object) : nullptr; }
  // The idempotency and audit actor: the automation rule when one acts, else the key when a key was
  // used, else the user.
  const std::string& actor() const {
    if (!automation_actor.empty()) return automation_actor;
    return api_key_id.empty() ? user_id : api_key_id;
  }
};

}  // namespace rapport::identity
