#include "modules/views/view_input.hpp"

#include <algorithm>
#include <set>

#include "platform/identity/securable_objects.hpp"
#include "platform/utf8.hpp"

namespace rapport::views {
namespace json = boost::json;

namespace {

const std::set<std::string> kKeys = {"object_type", "name", "visibility", "filters", "sort", "columns", "position"};

// A string of 1..max bytes, else an error at `path`.
std::optional<std::string> short_text(const json::value& v, const std::string& path, std::size_t max,
                                      std::vector<FieldError>& errors) {
  if (!v.is_string() || v.as_string().empty() || v.as_string().size() > max) {
    errors.push_back({path, "type", "must be a string of 1 to " + std::to_string(max) + " bytes"});
    return std::nullopt;
  }
  return std::string(v.as_string());
}

std::optional<std::string> read_name(const json::value& v, std::vector<FieldError>& errors) {
  const std::string message = "must be a string of 1 to " + std::to_string(kMaxNameChars) + " characters, not only spaces";
  if (!v.is_string()) {
    errors.push_back({"name", "type", message});
    return std::nullopt;
  }
  std::string s(v.as_string());
  auto points = utf8::decode(s);
  bool blank = std::all_of(s.begin(), s.end(), [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
  if (!points || points->empty() || points->size() > kMaxNameChars || blank) {
    errors.push_back({"name", "length", message});
    return std::nullopt;
  }
  return s;
}

std::optional<std::vector<records::Filter>> read_filters(const json::value& v, std::vector<FieldError>& errors) {
  if (!v.is_array() || v.as_array().size() > kMaxFilters) {
    errors.push_back({"filters", "type", "must be an array of at most " + std::to_string(kMaxFilters) + " filters"});
    return std::nullopt;
  }
  std::vector<records::Filter> out;
  std::size_t before = errors.size();
  for (std::size_t i = 0; i < v.as_array().size(); ++i) {
    const std::string path = "filters." + std::to_string(i);
    const json::value& e = v.as_array()[i];
    if (!e.is_object()) {
      errors.push_back({path, "type", "must be an object with field, op and value"});
      continue;
    }
    records::Filter f;
    for (const auto& kv : e.as_object())
      if (kv.key() != "field" && kv.key() != "op" && kv.key() != "value")
        errors.push_back({path + "." + std::string(kv.key()), "unknown", "is not a part of a filter (field, op, value)"});
    for (const char* key : {"field", "op", "value"}) {
      const json::value* part = e.as_object().if_contains(key);
      if (!part) {
        errors.push_back({path + "." + key, "required", "is required"});
        continue;
      }
      std::string k(key);
      // A value may be empty (filter[name][eq]= is a list filter too); a field or operator may not.
      if (k == "value") {
        if (!part->is_string() || part->as_string().size() > kMaxFilterValueBytes)
          errors.push_back({path + ".value", "type", "must be a string of at most " + std::to_string(kMaxFilterValueBytes) + " bytes, as the list's filter[field][op]=value takes it"});
        else f.value = std::string(part->as_string());
      } else if (auto s = short_text(*part, path + "." + k, kMaxFieldNameBytes, errors)) {
        (k == "field" ? f.field : f.op) = std::move(*s);
      }
    }
    out.push_back(std::move(f));
  }
  if (errors.size() != before) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> read_columns(const json::value& v, std::vector<FieldError>& errors) {
  if (!v.is_array() || v.as_array().size() > kMaxColumns) {
    errors.push_back({"columns", "type", "must be an array of at most " + std::to_string(kMaxColumns) + " field names"});
    return std::nullopt;
  }
  std::vector<std::string> out;
  std::size_t before = errors.size();
  for (std::size_t i = 0; i < v.as_array().size(); ++i) {
    const std::string path = "columns." + std::to_string(i);
    auto name = short_text(v.as_array()[i], path, kMaxFieldNameBytes, errors);
    if (!name) continue;
    if (std::find(out.begin(), out.end(), *name) != out.end()) errors.push_back({path, "unique", "is listed twice"});
    out.push_back(std::move(*name));
  }
  if (errors.size() != before) return std::nullopt;
  return out;
}

}  // namespace

Result<ViewChange> read_view_body(const json::object& body, bool creating) {
  std::vector<FieldError> errors;
  ViewChange c;
  for (const auto& kv : body)
    if (!kKeys.count(std::string(kv.key()))) errors.push_back({std::string(kv.key()), "unknown", "is not a field of a view"});
  if (const auto* v = body.if_contains("object_type")) {
    if (!creating)
      errors.push_back({"object_type", "read_only", "cannot change: create a view of the other object type instead"});
    else if (!v->is_string() || !identity::is_securable(v->as_string()))
      errors.push_back({"object_type", "enum", "must be one of " + identity::securable_objects_text()});
    else
      c.object_type = std::string(v->as_string());
  } else if (creating) {
    errors.push_back({"object_type", "required", "is required"});
  }
  if (const auto* v = body.if_contains("name")) c.name = read_name(*v, errors);
  else if (creating) errors.push_back({"name", "required", "is required"});
  if (const auto* v = body.if_contains("visibility")) {
    if (*v != kPrivate && *v != kShared) errors.push_back({"visibility", "enum", "must be \"private\" or \"workspace\""});
    else c.visibility = std::string(v->as_string());
  }
  if (const auto* v = body.if_contains("filters")) c.filters = read_filters(*v, errors);
  if (const auto* v = body.if_contains("sort")) {
    if (v->is_null()) c.sort = std::optional<std::string>();
    else if (auto s = short_text(*v, "sort", kMaxFieldNameBytes + 1, errors)) c.sort = std::optional<std::string>(std::move(*s));
  }
  if (const auto* v = body.if_contains("columns")) c.columns = read_columns(*v, errors);
  if (const auto* v = body.if_contains("position")) {
    if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > kMaxPosition)
      errors.push_back({"position", "range", "must be an integer from 0 to " + std::to_string(kMaxPosition)});
    else c.position = v->as_int64();
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return c;
}

}  // namespace rapport::views
