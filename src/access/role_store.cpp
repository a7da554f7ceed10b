#include "access/role_store.hpp"

namespace rapport::access {
namespace json = boost::json;

Role custom_role(const std::string& name, const std::string& label, const std::string& description,
                 const std::string& definition) {
  Role r;
  r.name = name;
  r.label = label;
  r.description = description;
  boost::system::error_code ec;
  auto v = json::parse(definition, ec);
  std::vector<FieldError> errors;
  if (!ec && v.is_object()) read_definition(v.as_object(), r, errors);
  if (ec || !v.is_object() || !errors.empty()) {  // never widen on a damaged row
    r.objects.clear();
    r.can_reassign = false;
  }
  return r;
}

std::optional<Role> load_role(db::Connection& c, const std::string& workspace_id, const std::string& name) {
  if (const Role* b = find_builtin(name)) return *b;
  auto& st = c.prepare("SELECT label, description, definition FROM roles WHERE workspace_id = ? AND name = ?");
  st.bind_all({workspace_id, name});
  if (!st.step()) return std::nullopt;
  Role r = custom_role(name, st.text(0), st.is_null(1) ? "" : st.text(1), st.text(2));
  st.reset();
  return r;
}

std::vector<Role> list_roles(db::Connection& c, const std::string& workspace_id) {
  std::vector<Role> out = builtin_roles();
  auto& st = c.prepare("SELECT name, label, description, definition FROM roles WHERE workspace_id = ? ORDER BY name");
  st.bind_all({workspace_id});
  while (st.step()) out.push_back(custom_role(st.text(0), st.text(1), st.is_null(2) ? "" : st.text(2), st.text(3)));
  return out;
}

std::shared_ptr<const Role> RoleCache::get(const std::string& workspace_id, const std::string& name,
                                           const std::optional<std::string>& definition, const std::string& revision) {
  static const auto builtins = [] {
    std::unordered_map<std::string, std::shared_ptr<const Role>> m;
    for (const auto& r : builtin_roles()) m[r.name] = std::make_shared<const Role>(r);
    return m;
  }();
  if (auto it = builtins.find(name); it != builtins.end()) return it->second;
  if (!definition) {
    static const auto nothing = std::make_shared<const Role>();
    return nothing;
  }
  std::string key = workspace_id + '\n' + name + '\n' + revision;
  std::lock_guard lock(mu_);
  auto& slot = custom_[key];
  if (!slot) {
    if (custom_.size() > 10'000) {  // a bound on memory; entries are cheap to rebuild
      custom_.clear();
      return custom_[key] = std::make_shared<const Role>(custom_role(name, name, "", *definition));
    }
    slot = std::make_shared<const Role>(custom_role(name, name, "", *definition));
  }
  return slot;
}

}  // namespace rapport::access
