// Helpers of the sign-in tests (auth_mfa, auth_throttle): logins with optional codes, TOTP codes
// computed from an enrolment's secret, and the audit entries of a user.
#pragma once
#include <gtest/gtest.h>

#include <ctime>
#include <string>

#include "access/totp.hpp"
#include "harness.hpp"

namespace rapport::testing {
namespace json = boost::json;

inline HttpResponse try_login(HttpClient& c, const std::string& email, const std::string& password,
                              const std::string& code = "", std::vector<std::pair<std::string, std::string>> headers = {}) {
  json::object body{{"email", email}, {"password", password}};
  if (!code.empty()) body["code"] = code;
  json::value v = body;
  return c.call("POST", "/api/v1/auth/login", "", &v, std::move(headers));
}

inline std::string str_of(const json::value& j, const char* key) {
  if (!j.is_object()) return "";
  auto* v = j.as_object().if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

// The problem type's last segment ("mfa-required" of https://rapport.dev/problems/mfa-required).
inline std::string slug(const HttpResponse& r) {
  std::string t = str_of(r.json(), "type");
  return t.substr(t.rfind('/') + 1);
}

inline int64_t unix_now() { return static_cast<int64_t>(std::time(nullptr)); }

// The code of a base32 secret at the step `offset` steps from now.
inline std::string totp_code(const std::string& base32_secret, int offset = 0) {
  auto secret = access::totp::base32_decode(base32_secret);
  EXPECT_TRUE(secret.has_value());
  return access::totp::code_at(secret.value_or(""), access::totp::step_of(unix_now()) + offset);
}

// The actions of a user's audit entries (object "users"), oldest first.
inline std::vector<std::string> audit_actions(const std::string& data_dir, const std::string& user_id) {
  std::vector<std::string> out;
  for (const auto& row : query_database(data_dir, "SELECT action FROM audit_log WHERE object_type = 'users' AND object_id = ? ORDER BY id",
                                        {user_id}))
    out.push_back(row[0]);
  return out;
}

inline int64_t count_of(const std::vector<std::string>& v, const std::string& s) {
  return std::count(v.begin(), v.end(), s);
}

// A gauge's value from /metrics, or -1.
inline double metric(HttpClient& c, const std::string& name) {
  auto r = c.request("GET", "/metrics");
  auto pos = r.body.find("\n" + name + " ");
  if (pos == std::string::npos) return -1;
  return std::stod(r.body.substr(pos + name.size() + 2));
}

}  // namespace rapport::testing
