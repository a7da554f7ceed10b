// Reads the body of PUT /api/v1/email/settings: every field's type and bounds, each failure a field
// error so that one 422 names them all. The host's destination (DNS, the address policy) is checked
// by the service.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>

#include "platform/problem.hpp"

namespace rapport::email {

struct SettingsChange {
  std::string host;
  int64_t port = 0;
  std::string security;
  std::string username;  // "" : no authentication
  // Absent: keep the stored password; null or "": remove it; else the new password.
  std::optional<std::optional<std::string>> password;
  std::string sender;
  std::optional<std::string> inbound_domain;  // lower-cased; none: no BCC addresses
};

// host, port, security and sender are required (PUT replaces the settings); username, password and
// inbound_domain are optional. 422 with every field error; an unknown key is one.
Result<SettingsChange> read_settings_body(const boost::json::object& body);

}  // namespace rapport::email
