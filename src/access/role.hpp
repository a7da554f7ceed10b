// What a role allows: per object and action (read, create, update, delete, export) a scope (none,
// own, team, all), per field a rule (hidden or read-only), whether owner_id may be set to another
// user, and whether the role administers the workspace (users, teams, roles, custom fields, audit).
// Built-in roles are defined in code; custom roles are a workspace's rows (roles table).
#pragma once
#include <boost/json.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "platform/identity/permissions.hpp"
#include "platform/identity/securable_objects.hpp"
#include "platform/problem.hpp"

namespace rapport::access {

// The grants themselves are the platform's (platform/identity/permissions.hpp); access/ names them
// here as before.
using identity::Action;
using identity::action_name;
using identity::FieldAccess;
using identity::kActionCount;
using identity::Scope;
using identity::scope_name;
using Grants = identity::ActionScopes;

// A role is a set of permissions with a name: built-in ones are defined in code, custom ones are a
// workspace's rows (roles table).
struct Role : identity::Permissions {
  std::string name;
  std::string label;
  std::string description;
  bool builtin = false;
};

// Roles grant access to the record objects the modules registered (identity::securable_objects()).
const std::vector<Role>& builtin_roles();
const Role* find_builtin(std::string_view name);

// {"name", "label", "description", "builtin", "admin", "can_reassign", "permissions": {object:
// {action: scope}}, "field_rules": {object: {field: "hidden"|"read_only"}}}
boost::json::object role_to_json(const Role& r);
// The stored definition of a custom role: {"can_reassign", "permissions", "field_rules"}.
std::string definition_text(const Role& r);
// Reads "can_reassign", "permissions" and "field_rules" from a request body or a stored definition
// into `r`; problems go to `errors` with their JSON paths. Keys other than those are left to the caller.
void read_definition(const boost::json::object& o, Role& r, std::vector<FieldError>& errors);

// What both roles allow: the narrower scope of each grant, every field rule of either, admin and
// reassignment only when both have them. An API key acts with intersect(key role, owner's role), so
// a user whose role shrinks also shrinks their keys.
// The result keeps a's name, label and description.
Role intersect(const Role& a, const identity::Permissions& b);
// Whether `narrow` allows nothing that `wide` does not.
bool within(const identity::Permissions& narrow, const identity::Permissions& wide);

// The role named `name` as a caller holds it, with the caller's effective grants (for an API key:
// its role within its user's): a built-in role's label and description, else the name as label, as
// RoleCache builds a custom role. For showing a Context's grants (GET /api/v1/auth/me).
Role as_held(std::string_view name, const identity::Permissions& grants);

}  // namespace rapport::access
