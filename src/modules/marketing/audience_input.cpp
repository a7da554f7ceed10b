#include "modules/marketing/audience_input.hpp"

#include <algorithm>
#include <set>

#include "modules/marketing/segment.hpp"
#include "platform/ids.hpp"
#include "platform/utf8.hpp"

namespace rapport::marketing {
namespace json = boost::json;

void unknown_keys(const json::object& body, const std::set<std::string>& known, std::vector<FieldError>& errors) {
  for (const auto& [key, value] : body)
    if (!known.count(std::string(key))) errors.push_back({std::string(key), "unknown", "is not a field of this body"});
}

// 1..max characters of valid UTF-8, not only spaces.
std::optional<std::string> read_text(const json::value& v, const std::string& field, std::size_t max, std::vector<FieldError>& errors) {
  const std::string message = "must be a string of 1 to " + std::to_string(max) + " characters, not only spaces";
  if (!v.is_string()) {
    errors.push_back({field, "type", message});
    return std::nullopt;
  }
  std::string s(v.as_string());
  auto points = utf8::decode(s);
  bool blank = std::all_of(s.begin(), s.end(), [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
  if (!points || points->empty() || points->size() > max || blank) {
    errors.push_back({field, "length", message});
    return std::nullopt;
  }
  return s;
}

namespace {

std::optional<std::string> required_name(const json::object& body, bool creating, std::vector<FieldError>& errors) {
  if (auto* v = body.if_contains("name")) return read_text(*v, "name", kMaxNameChars, errors);
  if (creating) errors.push_back({"name", "required", "is required"});
  return std::nullopt;
}

}  // namespace

Result<SegmentChange> read_segment_body(const json::object& body, bool creating) {
  std::vector<FieldError> errors;
  unknown_keys(body, {"name", "object", "filter"}, errors);
  SegmentChange out;
  out.name = required_name(body, creating, errors);
  if (auto* v = body.if_contains("object")) {
    if (!v->is_string() || v->as_string() != "contacts") errors.push_back({"object", "enum", "must be contacts (the only object segments hold)"});
    else if (!creating) errors.push_back({"object", "read_only", "cannot change"});
  }
  if (auto* v = body.if_contains("filter")) {
    if (!v->is_object()) errors.push_back({"filter", "type", "must be an object of conditions"});
    else out.filter = *v;
  } else if (creating) {
    out.filter = json::object{};
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return out;
}

Result<Preview> read_preview_body(const json::object& body) {
  std::vector<FieldError> errors;
  unknown_keys(body, {"filter", "limit"}, errors);
  Preview out;
  if (auto* v = body.if_contains("filter"); !v || !v->is_object()) errors.push_back({"filter", v ? "type" : "required", "must be an object of conditions"});
  else out.filter = *v;
  if (auto* v = body.if_contains("limit")) {
    if (!v->is_int64() || v->as_int64() < 1 || v->as_int64() > kMaxPreviewLimit)
      errors.push_back({"limit", "range", "must be a whole number from 1 to " + std::to_string(kMaxPreviewLimit)});
    else out.limit = static_cast<int>(v->as_int64());
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return out;
}

Result<ListChange> read_list_body(const json::object& body, bool creating) {
  std::vector<FieldError> errors;
  unknown_keys(body, {"name", "description"}, errors);
  ListChange out;
  out.name = required_name(body, creating, errors);
  if (auto* v = body.if_contains("description")) {
    if (v->is_null()) out.description = std::optional<std::string>();
    else if (auto d = read_text(*v, "description", kMaxDescriptionChars, errors)) out.description = d;
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return out;
}

Result<std::vector<std::string>> read_member_ids(const json::object& body) {
  std::vector<FieldError> errors;
  unknown_keys(body, {"contact_ids"}, errors);
  std::vector<std::string> out;
  const json::value* ids = body.if_contains("contact_ids");
  if (!ids || !ids->is_array() || ids->as_array().empty() || ids->as_array().size() > kMaxBatch) {
    errors.push_back({"contact_ids", ids ? "type" : "required", "must be an array of 1 to " + std::to_string(kMaxBatch) + " contact ids"});
  } else {
    std::set<std::string> seen;
    std::size_t i = 0;
    for (const auto& e : ids->as_array()) {
      std::string at = "contact_ids.";
      at += std::to_string(i++);
      if (!e.is_string() || !ids::is_uuid(e.as_string())) errors.push_back({at, "type", "must be the id of a contact"});
      else if (seen.insert(std::string(e.as_string())).second) out.emplace_back(e.as_string());
    }
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return out;
}

}  // namespace rapport::marketing
