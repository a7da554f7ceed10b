// A workspace's SMTP settings as stored and as the API shows them (never the password, sealed or
// not: `password_set` says whether there is one), and their bounds.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace rapport::email {

inline constexpr std::size_t kMaxHostBytes = 253;
inline constexpr std::size_t kMaxUsernameBytes = 254;
inline constexpr std::size_t kMaxPasswordBytes = 1024;
// How the connection is protected: none (plain SMTP, for a relay on a trusted network), starttls
// (upgraded after EHLO, required: a server that does not offer it fails the send) or tls (TLS from
// the first byte, "SMTPS", usually port 465).
inline constexpr const char* kSecurities[] = {"none", "starttls", "tls"};
bool is_security(std::string_view s);

struct SmtpSettings {
  std::string workspace_id, host;
  int64_t port = 587;
  std::string security = "starttls";
  std::string username;
  std::optional<std::string> password_sealed;
  std::string sender;
  // The domain of the users' BCC addresses (bcc-<token>@<inbound_domain>), whose mail the MTA posts
  // to POST /api/v1/inbound-email; none: no BCC addresses.
  std::optional<std::string> inbound_domain;
  int64_t version = 1;
  std::string updated_at;  // empty: never set (the workspace has no settings)

  // {"configured": false, "host": null, ...} for a workspace without settings.
  boost::json::object to_json() const;
  // What the audit log records: every field but the password, and whether there is one.
  boost::json::object audited() const;
};

// The vault context a workspace's SMTP password is sealed under.
std::string password_context(const std::string& workspace_id);

}  // namespace rapport::email
