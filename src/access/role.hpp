// What a role allows: per object and action (read, create, update, delete, export) a scope (none,
// own, team, all), per field a rule (hidden or read-only), whether owner_id may be set to another
// user, and whether the role administers the workspace (users, teams, roles, custom fields, audit).
// Built-in roles are defined in code; custom roles are a workspace's rows (roles table).
#pragma once
#include <array>
#include <boost/json.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "platform/problem.hpp"

namespace rapport::access {

enum class Action { Read, Create, Update, Delete, Export };
inline constexpr std::size_t kActionCount = 5;
const char* action_name(Action a);

// Ordered: a wider scope compares greater.
enum class Scope { None, Own, Team, All };
const char* scope_name(Scope s);

enum class FieldAccess { Visible, ReadOnly, Hidden };

using Grants = std::array<Scope, kActionCount>;

struct Role {
  std::string name;
  std::string label;
  std::string description;
  bool builtin = false;
  bool admin = false;
  bool can_reassign = false;
  Grants defaults{};                          // objects without an entry in `objects`
  std::map<std::string, Grants, std::less<>> objects;
  // object -> field ("annual_revenue", "custom.budget") -> Hidden or ReadOnly
  std::map<std::string, std::map<std::string, FieldAccess, std::less<>>, std::less<>> fields;

  Scope scope(std::string_view object, Action a) const;
  FieldAccess field(std::string_view object, std::string_view field) const;
  // The rules for one object (nullptr when every field is visible and writable).
  const std::map<std::string, FieldAccess, std::less<>>* field_rules(std::string_view object) const;
};

// The objects roles grant access to (the record types of the API).
const std::vector<std::string>& securable_objects();
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
Role intersect(const Role& a, const Role& b);
// Whether `narrow` allows nothing that `wide` does not.
bool within(const Role& narrow, const Role& wide);

}  // namespace rapport::access
