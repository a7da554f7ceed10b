#include "platform/identity/permissions.hpp"

namespace rapport::identity {

namespace {

constexpr std::array<const char*, kActionCount> kActionNames = {"read", "create", "update", "delete", "export"};
constexpr std::array<const char*, 4> kScopeNames = {"none", "own", "team", "all"};

}  // namespace

const char* action_name(Action a) { return kActionNames[static_cast<std::size_t>(a)]; }
const char* scope_name(Scope s) { return kScopeNames[static_cast<std::size_t>(s)]; }

Scope Permissions::scope(std::string_view object, Action a) const {
  auto it = objects.find(object);
  const ActionScopes& g = it == objects.end() ? defaults : it->second;
  return g[static_cast<std::size_t>(a)];
}

const FieldRules* Permissions::field_rules(std::string_view object) const {
  auto it = fields.find(object);
  return it == fields.end() || it->second.empty() ? nullptr : &it->second;
}

FieldAccess Permissions::field(std::string_view object, std::string_view name) const {
  const auto* rules = field_rules(object);
  if (!rules) return FieldAccess::Visible;
  auto it = rules->find(name);
  return it == rules->end() ? FieldAccess::Visible : it->second;
}

}  // namespace rapport::identity
