// What a caller may do, as the platform applies it: per record object and action (read, create,
// update, delete, export) a scope (none, own, team, all), per field a rule (hidden or read-only),
// whether owner_id may be set to another user, and whether the caller administers the workspace.
// The platform only reads these grants; where they come from (built-in and custom roles, API keys)
// is access/'s business (access/role.hpp: a Role is Permissions with a name).
#pragma once
#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace rapport::identity {

enum class Action { Read, Create, Update, Delete, Export };
inline constexpr std::size_t kActionCount = 5;
const char* action_name(Action a);

// Ordered: a wider scope compares greater.
enum class Scope { None, Own, Team, All };
const char* scope_name(Scope s);

// Ordered: a stricter rule compares greater.
enum class FieldAccess { Visible, ReadOnly, Hidden };

// One object's scope for each action, indexed by Action.
using ActionScopes = std::array<Scope, kActionCount>;

// object -> field ("annual_revenue", "custom.budget") -> Hidden or ReadOnly
using FieldRules = std::map<std::string, FieldAccess, std::less<>>;

struct Permissions {
  bool admin = false;
  bool can_reassign = false;
  ActionScopes defaults{};  // objects without an entry in `objects`
  std::map<std::string, ActionScopes, std::less<>> objects;
  std::map<std::string, FieldRules, std::less<>> fields;

  Scope scope(std::string_view object, Action a) const;
  FieldAccess field(std::string_view object, std::string_view field) const;
  // The rules for one object (nullptr when every field is visible and writable).
  const FieldRules* field_rules(std::string_view object) const;
};

}  // namespace rapport::identity
