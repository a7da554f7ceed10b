#include "modules/marketing/form.hpp"

namespace rapport::marketing {
namespace json = boost::json;

namespace {

json::value optional(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

}  // namespace

json::array Form::fields_json() const {
  json::array out;
  for (const auto& f : fields) out.push_back(json::object{{"field", f.field}, {"label", f.label}, {"required", f.required}});
  return out;
}

json::array Form::consents_json() const {
  json::array out;
  for (const auto& c : consents) out.push_back(json::object{{"channel", c.channel}, {"text", c.text}, {"version", c.version}});
  return out;
}

json::object Form::to_json() const {
  return json::object{{"id", id},
                      {"name", name},
                      {"target", target},
                      {"fields", fields_json()},
                      {"consents", consents_json()},
                      {"success_message", optional(success_message)},
                      {"redirect_url", optional(redirect_url)},
                      {"list_id", optional(list_id)},
                      {"enabled", enabled},
                      {"submissions", submissions},
                      {"spam_caught", spam_caught},
                      {"created_by", created_by.empty() ? json::value(nullptr) : json::value(created_by)},
                      {"version", version},
                      {"created_at", created_at},
                      {"updated_at", updated_at}};
}

std::vector<FormField> fields_from_json(const json::value& v) {
  std::vector<FormField> out;
  if (!v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.as_object();
    FormField f;
    if (auto* x = o.if_contains("field"); x && x->is_string()) f.field = x->as_string();
    if (auto* x = o.if_contains("label"); x && x->is_string()) f.label = x->as_string();
    if (auto* x = o.if_contains("required"); x && x->is_bool()) f.required = x->as_bool();
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<ConsentText> consents_from_json(const json::value& v) {
  std::vector<ConsentText> out;
  if (!v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.as_object();
    ConsentText c;
    if (auto* x = o.if_contains("channel"); x && x->is_string()) c.channel = x->as_string();
    if (auto* x = o.if_contains("text"); x && x->is_string()) c.text = x->as_string();
    if (auto* x = o.if_contains("version"); x && x->is_int64()) c.version = x->as_int64();
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace rapport::marketing
