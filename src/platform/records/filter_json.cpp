#include "platform/records/filter_json.hpp"

#include "platform/utf8.hpp"
#include "platform/json_field.hpp"

namespace rapport::records {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxKeyBytes = 100;     // a field name, an operator
constexpr std::size_t kMaxValueBytes = 4096;  // a value as query text (an "in" list's values together); said below

bool short_text(const json::value* v) { return v && v->is_string() && !v->as_string().empty() && v->as_string().size() <= kMaxKeyBytes; }

}  // namespace

std::optional<std::string> filter_value(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_number() || v.is_bool()) return json::serialize(v);
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v.as_array()) {
      if (e.is_array() || e.is_object() || e.is_null()) return std::nullopt;
      auto one = filter_value(e);
      if (!one) return std::nullopt;
      if (!out.empty()) out += ',';
      out += *one;
    }
    return out;
  }
  return std::nullopt;
}

std::optional<json::array> read_conditions(const json::value& v, const std::string& path, std::size_t max,
                                           std::vector<FieldError>& errors) {
  if (!v.is_array() || v.as_array().size() > max) {
    errors.push_back({path, "type", "must be an array of at most " + std::to_string(max) + " conditions"});
    return std::nullopt;
  }
  const std::size_t before = errors.size();
  for (std::size_t i = 0; i < v.as_array().size(); ++i) {
    std::string at = path;
    at += '.';
    at += std::to_string(i);
    const auto* o = v.as_array()[i].if_object();
    if (!o) {
      errors.push_back({at, "type", "must be an object {\"field\", \"op\", \"value\"}"});
      continue;
    }
    for (const auto& kv : *o)
      if (kv.key() != "field" && kv.key() != "op" && kv.key() != "value")
        errors.push_back({at + "." + utf8::scrub(kv.key()), "unknown", "is not a key of a condition (field, op, value)"});
    if (!short_text(o->if_contains("field"))) errors.push_back({at + ".field", "required", "must be a field name, e.g. status or custom.budget"});
    if (!short_text(o->if_contains("op"))) errors.push_back({at + ".op", "required", "must be an operator, e.g. eq"});
    if (const auto* value = o->if_contains("value")) {
      auto text = filter_value(*value);
      if (!text) errors.push_back({at + ".value", "type", "must be a string, a number, true/false, or for \"in\" an array of those"});
      else if (text->size() > kMaxValueBytes)
        errors.push_back({at + ".value", "length", "must be at most 4096 bytes as query text"});
    }
  }
  if (errors.size() != before) return std::nullopt;
  return v.as_array();
}

Filter to_filter(const json::object& condition) {
  const auto* v = condition.if_contains("value");
  return {json_field::text(condition, "field"), json_field::text(condition, "op"), v ? filter_value(*v).value_or("") : std::string()};
}

}  // namespace rapport::records
