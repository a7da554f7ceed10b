// Helpers of the workspace-isolation tests (tenancy_isolation_*_test.cpp): the members of list and
// problem answers, and the check that an answer to workspace B holds none of workspace A's secrets.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tenancy_helpers.hpp"

namespace rapport::testing {

inline int64_t integer(const json::value& v, std::string_view key) {
  if (!v.is_object()) return -1;
  auto* m = v.as_object().if_contains(key);
  return m && m->is_int64() ? m->as_int64() : -1;
}

// The ids in the `data` array of a list answer.
inline std::vector<std::string> ids_of(const HttpResponse& r) {
  std::vector<std::string> out;
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("data") || !j.at("data").is_array()) return out;
  for (const auto& e : j.at("data").as_array()) out.push_back(text(e, "id"));
  return out;
}

// The `code` values of a problem document's errors.
inline std::vector<std::string> error_codes(const HttpResponse& r) {
  std::vector<std::string> out;
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("errors")) return out;
  for (const auto& e : j.at("errors").as_array()) out.push_back(text(e, "code"));
  return out;
}

inline std::string path_only(const std::string& target) { return target.substr(0, target.find('?')); }

// Checks that a response given to workspace B holds none of workspace A's secrets. The problem
// document's `instance` echoes the path B itself sent (which may carry an id of A's that B already
// had); that one member is not a leak and is left out of the check.
inline void expect_no_leak(const HttpResponse& r, const std::string& what, const std::string& target,
                           const std::vector<std::string>& secrets) {
  std::string body = r.body;
  auto j = r.json();
  if (j.is_object()) {
    json::object o = j.as_object();
    if (auto* inst = o.if_contains("instance"); inst && inst->is_string() && inst->as_string() == path_only(target))
      o.erase("instance");
    body = json::serialize(o);
  }
  for (const auto& s : secrets) {
    if (s.empty()) continue;
    EXPECT_EQ(body.find(s), std::string::npos) << what << " reveals \"" << s << "\" of workspace A: " << r.body;
  }
  if (r.status >= 400) {
    EXPECT_TRUE(r.header("location").empty()) << what << " answered with a Location: " << r.header("location");
  }
}

}  // namespace rapport::testing
