// Helpers shared by the tenancy_*_test.cpp files (workspace isolation, authentication, API keys and
// the server's lifecycle): random names and the members of JSON answers.
#pragma once
#include <random>
#include <string>
#include <string_view>

#include "harness.hpp"

namespace rapport::testing {
namespace json = boost::json;

inline std::string random_suffix() {
  static std::mt19937_64 rng(std::random_device{}());
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 10; ++i) s.push_back(hex[rng() % 16]);
  return s;
}

// prefix + a random suffix (built with +=: GCC 12 warns falsely about "literal" + std::string&&).
inline std::string unique_name(std::string_view prefix) {
  std::string s(prefix);
  s += random_suffix();
  return s;
}

// The string member `key` of a JSON object, "" when absent or not a string.
inline std::string text(const json::value& v, std::string_view key) {
  if (!v.is_object()) return "";
  auto* m = v.as_object().if_contains(key);
  return m && m->is_string() ? std::string(m->as_string()) : "";
}

// The `data` array of a list answer, by value (so that it outlives the response's parsed JSON).
inline json::array data_of(const HttpResponse& r) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("data") || !j.at("data").is_array()) return {};
  return j.at("data").as_array();
}

}  // namespace rapport::testing
