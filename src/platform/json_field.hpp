// Reading one member of a JSON object that a caller has already validated, or may lack.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <string_view>

namespace rapport::json_field {

// The member's text when it is a string, "" when it is absent or of another type.
inline std::string text(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace rapport::json_field
