#include "access/role.hpp"

#include <algorithm>
#include <optional>

namespace rapport::access {
namespace json = boost::json;

namespace {

constexpr Scope N = Scope::None, O = Scope::Own, T = Scope::Team, A = Scope::All;

std::optional<Scope> parse_scope(std::string_view s) {
  for (Scope c : {Scope::None, Scope::Own, Scope::Team, Scope::All})
    if (s == scope_name(c)) return c;
  return std::nullopt;
}

std::optional<Action> parse_action(std::string_view s) {
  for (std::size_t a = 0; a < kActionCount; ++a)
    if (s == action_name(static_cast<Action>(a))) return static_cast<Action>(a);
  return std::nullopt;
}

Role make(std::string name, std::string label, std::string description, Grants defaults) {
  Role r;
  r.name = std::move(name);
  r.label = std::move(label);
  r.description = std::move(description);
  r.builtin = true;
  r.defaults = defaults;
  return r;
}

std::vector<Role> make_builtins() {
  std::vector<Role> out;
  Role admin = make("admin", "Administrator", "Everything, including users, teams, roles, custom fields and the audit log",
                    {A, A, A, A, A});
  admin.admin = true;
  admin.can_reassign = true;
  out.push_back(std::move(admin));

  // Team-scoped like a manager's role in Salesforce or HubSpot: their reports are their teams'.
  // Companies and products stay readable by all, as they are for the manager's reps.
  Role manager = make("sales_manager", "Sales manager",
                      "Reads, changes, deletes and exports their teams' records (every company and product is readable); "
                      "reassigns owners",
                      {T, A, T, T, T});
  manager.objects["companies"] = {A, A, T, T, T};
  manager.objects["products"] = {A, A, T, T, T};
  manager.can_reassign = true;
  out.push_back(std::move(manager));

  Role rep = make("sales_rep", "Sales representative",
                  "Works on the records they own; reads every company", {O, O, O, O, N});
  rep.objects["companies"] = {A, O, O, N, N};
  rep.objects["products"] = {A, N, N, N, N};
  out.push_back(std::move(rep));

  Role marketing = make("marketing", "Marketing", "Reads, creates, changes and exports companies and contacts",
                        {N, N, N, N, N});
  marketing.objects["companies"] = {A, A, A, N, A};
  marketing.objects["contacts"] = {A, A, A, N, A};
  marketing.objects["activities"] = {A, O, O, O, N};
  marketing.objects["leads"] = {A, A, A, N, A};
  marketing.objects["products"] = {A, N, N, N, N};
  out.push_back(std::move(marketing));

  Role support = make("support_agent", "Support agent",
                      "Works on their teams' tickets; reads customers and keeps contact details up to date; company revenue and deal "
                      "amounts are hidden", {N, N, N, N, N});
  support.objects["companies"] = {A, N, N, N, N};
  support.objects["contacts"] = {A, A, A, N, N};
  support.objects["activities"] = {A, O, O, O, N};
  support.objects["deals"] = {A, N, N, N, N};
  support.objects["products"] = {A, N, N, N, N};
  // Their teams' tickets (a ticket's team_id), and those they own.
  support.objects["tickets"] = {T, T, T, N, N};
  support.fields["companies"]["annual_revenue"] = FieldAccess::Hidden;
  support.fields["deals"]["amount"] = FieldAccess::Hidden;
  out.push_back(std::move(support));

  out.push_back(make("read_only", "Read only", "Reads every record and changes nothing", {A, N, N, N, N}));
  return out;
}

}  // namespace

const std::vector<Role>& builtin_roles() {
  static const std::vector<Role> roles = make_builtins();
  return roles;
}

const Role* find_builtin(std::string_view name) {
  for (const auto& r : builtin_roles())
    if (r.name == name) return &r;
  return nullptr;
}

namespace {

json::object permissions_json(const Role& r) {
  json::object perms;
  for (const auto& object : identity::securable_objects()) {
    json::object o;
    for (std::size_t a = 0; a < kActionCount; ++a) o[action_name(static_cast<Action>(a))] = scope_name(r.scope(object, static_cast<Action>(a)));
    perms[object] = std::move(o);
  }
  return perms;
}

json::object field_rules_json(const Role& r) {
  json::object rules;
  for (const auto& [object, fields] : r.fields) {
    if (fields.empty()) continue;
    json::object o;
    for (const auto& [name, access] : fields) o[name] = access == FieldAccess::Hidden ? "hidden" : "read_only";
    rules[object] = std::move(o);
  }
  return rules;
}

}  // namespace

json::object role_to_json(const Role& r) {
  json::object o{{"name", r.name},
                 {"label", r.label},
                 {"builtin", r.builtin},
                 {"admin", r.admin},
                 {"can_reassign", r.can_reassign},
                 {"permissions", permissions_json(r)},
                 {"field_rules", field_rules_json(r)}};
  o["description"] = r.description.empty() ? json::value(nullptr) : json::value(r.description);
  return o;
}

std::string definition_text(const Role& r) {
  return json::serialize(json::object{
      {"can_reassign", r.can_reassign}, {"permissions", permissions_json(r)}, {"field_rules", field_rules_json(r)}});
}

void read_definition(const json::object& o, Role& r, std::vector<FieldError>& errors) {
  if (auto* v = o.if_contains("can_reassign")) {
    if (v->is_bool()) r.can_reassign = v->as_bool();
    else errors.push_back({"can_reassign", "type", "must be true or false"});
  }
  if (auto* v = o.if_contains("permissions")) {
    if (!v->is_object()) {
      errors.push_back({"permissions", "type", "must be an object of objects to {action: scope}"});
    } else {
      for (const auto& [object, grants] : v->as_object()) {
        std::string path = "permissions." + std::string(object);
        if (!identity::is_securable(object)) {
          errors.push_back({path, "unknown", "is not an object roles grant access to"});
          continue;
        }
        if (!grants.is_object()) {
          errors.push_back({path, "type", "must be an object of actions to scopes"});
          continue;
        }
        Grants g{};  // actions not named: none
        for (const auto& [action, scope] : grants.as_object()) {
          auto ai = parse_action(action);
          if (!ai) {
            errors.push_back({path + "." + std::string(action), "unknown", "is not an action (read, create, update, delete, export)"});
            continue;
          }
          auto s = scope.is_string() ? parse_scope(scope.as_string()) : std::nullopt;
          if (!s) {
            errors.push_back({path + "." + std::string(action), "enum", "must be one of none, own, team, all"});
            continue;
          }
          g[static_cast<std::size_t>(*ai)] = *s;
        }
        r.objects[std::string(object)] = g;
      }
    }
  }
  if (auto* v = o.if_contains("field_rules")) {
    if (!v->is_object()) {
      errors.push_back({"field_rules", "type", "must be an object of objects to {field: rule}"});
    } else {
      for (const auto& [object, rules] : v->as_object()) {
        std::string path = "field_rules." + std::string(object);
        if (!identity::is_securable(object)) {
          errors.push_back({path, "unknown", "is not an object roles grant access to"});
          continue;
        }
        if (!rules.is_object()) {
          errors.push_back({path, "type", "must be an object of field names to \"hidden\" or \"read_only\""});
          continue;
        }
        auto& target = r.fields[std::string(object)];
        for (const auto& [field, rule] : rules.as_object()) {
          std::string fpath = path + "." + std::string(field);
          if (rule == "hidden") target[std::string(field)] = FieldAccess::Hidden;
          else if (rule == "read_only") target[std::string(field)] = FieldAccess::ReadOnly;
          else errors.push_back({fpath, "enum", "must be \"hidden\" or \"read_only\""});
        }
      }
    }
  }
}

Role intersect(const Role& a, const identity::Permissions& b) {
  Role r = a;
  r.admin = a.admin && b.admin;
  r.can_reassign = a.can_reassign && b.can_reassign;
  for (std::size_t i = 0; i < kActionCount; ++i) r.defaults[i] = std::min(a.defaults[i], b.defaults[i]);
  r.objects.clear();
  for (const auto& object : identity::securable_objects()) {
    Grants g{};
    for (std::size_t i = 0; i < kActionCount; ++i)
      g[i] = std::min(a.scope(object, static_cast<Action>(i)), b.scope(object, static_cast<Action>(i)));
    r.objects[object] = g;
  }
  for (const auto& [object, fields] : b.fields)
    for (const auto& [name, access] : fields) {
      auto& mine = r.fields[object][name];
      mine = std::max(mine, access);  // Hidden > ReadOnly > Visible
    }
  return r;
}

bool within(const identity::Permissions& narrow, const identity::Permissions& wide) {
  if (narrow.admin && !wide.admin) return false;
  if (narrow.can_reassign && !wide.can_reassign) return false;
  for (const auto& object : identity::securable_objects())
    for (std::size_t i = 0; i < kActionCount; ++i)
      if (narrow.scope(object, static_cast<Action>(i)) > wide.scope(object, static_cast<Action>(i))) return false;
  for (std::size_t i = 0; i < kActionCount; ++i)
    if (narrow.defaults[i] > wide.defaults[i]) return false;
  // Every field the wide role restricts must be at least as restricted in the narrow one.
  for (const auto& [object, fields] : wide.fields)
    for (const auto& [name, access] : fields)
      if (narrow.field(object, name) < access) return false;
  return true;
}

Role as_held(std::string_view name, const identity::Permissions& grants) {
  Role r;
  if (const Role* b = find_builtin(name)) {
    r = *b;
  } else {
    r.name = name;
    r.label = name;
  }
  static_cast<identity::Permissions&>(r) = grants;
  return r;
}

}  // namespace rapport::access
