#include "platform/http/body_reader.hpp"

#include <algorithm>

#include "platform/ids.hpp"

namespace rapport::http {

void BodyReader::only(std::initializer_list<std::string_view> allowed, std::string_view what) {
  for (const auto& kv : body_)
    if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end())
      error(std::string(kv.key()), "unknown", "is not a field of " + std::string(what));
}

std::optional<std::string> BodyReader::text(std::string_view key, std::size_t min, std::size_t max, bool required,
                                            bool nullable) {
  auto* v = body_.if_contains(key);
  if (!v || (v->is_null() && !nullable)) {
    if (required || v) error(std::string(key), "required", "is required");
    return std::nullopt;
  }
  if (v->is_null()) return std::string();
  if (!v->is_string()) {
    error(std::string(key), "type", "must be a string");
    return std::nullopt;
  }
  const auto& s = v->as_string();
  if (s.size() < min || s.size() > max) {
    error(std::string(key), "length", "must have " + std::to_string(min) + " to " + std::to_string(max) + " characters");
    return std::nullopt;
  }
  return std::string(s);
}

std::optional<bool> BodyReader::boolean(std::string_view key) {
  auto* v = body_.if_contains(key);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    error(std::string(key), "type", "must be true or false");
    return std::nullopt;
  }
  return v->as_bool();
}

std::optional<std::vector<std::string>> BodyReader::ids(std::string_view key, std::size_t max) {
  auto* v = body_.if_contains(key);
  if (!v) return std::nullopt;
  if (!v->is_array() || v->as_array().size() > max) {
    error(std::string(key), "type", "must be an array of at most " + std::to_string(max) + " ids");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& e : v->as_array()) {
    if (!e.is_string() || !ids::is_uuid(e.as_string())) {
      error(std::string(key), "format", "must hold ids only");
      return std::nullopt;
    }
    std::string id(e.as_string());
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(std::move(id));
  }
  return out;
}

}  // namespace rapport::http
