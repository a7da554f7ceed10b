#include "modules/email/merge_fields.hpp"

#include <set>

namespace rapport::email {
namespace json = boost::json;

namespace {

std::string text_of(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v.as_array()) {
      if (e.is_null()) continue;
      if (!out.empty()) out += ", ";
      out += text_of(e);
    }
    return out;
  }
  return json::serialize(v);
}

}  // namespace

FieldCatalog field_catalog(db::Connection& c, const std::string& workspace_id, const std::vector<const records::ObjectSpec*>& specs) {
  MergeObjects objects;
  for (const auto& [singular, plural] : kMergeObjects) objects.emplace_back(singular, plural);
  return field_catalog(c, workspace_id, specs, objects);
}

FieldCatalog field_catalog(db::Connection& c, const std::string& workspace_id, const std::vector<const records::ObjectSpec*>& specs,
                           const MergeObjects& objects) {
  auto known = std::make_shared<std::set<std::string>>();
  for (const auto& [singular, plural] : objects) {
    for (const auto* spec : specs) {
      if (spec->object != plural) continue;
      for (const auto& f : spec->fields) known->insert(singular + "." + f.name);
      for (const auto& f : records::system_fields()) known->insert(singular + "." + f.name);
    }
    auto& st = c.prepare("SELECT name FROM custom_fields WHERE workspace_id = ? AND object_type = ?");
    st.bind_all({workspace_id, plural});
    while (st.step()) known->insert(singular + ".custom." + st.text(0));
    st.reset();
  }
  return [known](std::string_view object, std::string_view field) {
    std::string key(object);
    key += '.';
    key += field;
    return known->count(key) > 0;
  };
}

void add_values(std::map<std::string, std::string>& values, const std::string& object, const json::object& record) {
  for (const auto& kv : record) {
    if (kv.value().is_null()) continue;
    if (kv.key() == "custom" && kv.value().is_object()) {
      for (const auto& c : kv.value().as_object())
        if (!c.value().is_null()) values[object + ".custom." + std::string(c.key())] = text_of(c.value());
      continue;
    }
    if (kv.value().is_object()) continue;
    values[object + "." + std::string(kv.key())] = text_of(kv.value());
  }
}

}  // namespace rapport::email
