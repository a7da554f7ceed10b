#include "modules/email/settings_input.hpp"

#include <boost/asio/ip/address.hpp>
#include <set>

#include "modules/email/email_record.hpp"
#include "modules/email/settings.hpp"
#include "platform/formats.hpp"
#include "platform/net/address_policy.hpp"
#include "platform/utf8.hpp"

namespace rapport::email {
namespace json = boost::json;

namespace {

const std::set<std::string> kKeys = {"host", "port", "security", "username", "password", "sender", "inbound_domain"};

// A host name or an IP address (IPv6 without brackets).
bool is_host(std::string_view s) {
  boost::system::error_code ec;
  (void)boost::asio::ip::make_address(s, ec);
  return !ec || net::is_host_name(s);
}

// A string without control characters (an SMTP command line must not be split).
bool is_plain_text(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  return utf8::decode(s).has_value();
}

}  // namespace

Result<SettingsChange> read_settings_body(const json::object& body) {
  std::vector<FieldError> errors;
  SettingsChange c;
  for (const auto& kv : body)
    if (!kKeys.count(std::string(kv.key())))
      errors.push_back({utf8::scrub(kv.key()), "unknown",
                        "is not an email setting (host, port, security, username, password, sender, inbound_domain)"});
  const auto* host = body.if_contains("host");
  if (!host) errors.push_back({"host", "required", "is required"});
  else if (!host->is_string() || host->as_string().size() > kMaxHostBytes || !is_host(host->as_string()))
    errors.push_back({"host", "format", "must be the SMTP server's host name or IP address"});
  else c.host = std::string(host->as_string());
  const auto* port = body.if_contains("port");
  if (!port) errors.push_back({"port", "required", "is required"});
  else if (!port->is_int64() || port->as_int64() < 1 || port->as_int64() > 65535)
    errors.push_back({"port", "range", "must be a port from 1 to 65535"});
  else c.port = port->as_int64();
  const auto* security = body.if_contains("security");
  if (!security) errors.push_back({"security", "required", "is required"});
  else if (!security->is_string() || !is_security(security->as_string()))
    errors.push_back({"security", "enum", "must be none, starttls or tls"});
  else c.security = std::string(security->as_string());
  if (const auto* v = body.if_contains("username"); v && !v->is_null()) {
    if (!v->is_string() || v->as_string().size() > kMaxUsernameBytes || !is_plain_text(v->as_string()))
      errors.push_back({"username", "format", counted("must be text of at most ", kMaxUsernameBytes, " bytes without control characters")});
    else c.username = std::string(v->as_string());
  }
  if (const auto* v = body.if_contains("password")) {
    if (v->is_null() || (v->is_string() && v->as_string().empty())) c.password = std::optional<std::string>();
    else if (!v->is_string() || v->as_string().size() > kMaxPasswordBytes || !is_plain_text(v->as_string()))
      errors.push_back({"password", "format", counted("must be text of at most ", kMaxPasswordBytes, " bytes without control characters, or null to remove it")});
    else c.password = std::optional<std::string>(std::string(v->as_string()));
  }
  const auto* sender = body.if_contains("sender");
  if (!sender) errors.push_back({"sender", "required", "is required"});
  else if (!sender->is_string() || !formats::is_email(sender->as_string()))
    errors.push_back({"sender", "format", "must be an email address, the From of every email sent"});
  else c.sender = std::string(sender->as_string());
  if (const auto* v = body.if_contains("inbound_domain"); v && !v->is_null()) {
    if (!v->is_string() || v->as_string().size() > kMaxHostBytes || !net::is_host_name(v->as_string()))
      errors.push_back({"inbound_domain", "format", "must be a domain name (the users' BCC addresses are bcc-...@it), or null"});
    else {
      std::string domain(v->as_string());
      for (auto& ch : domain) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      c.inbound_domain = std::move(domain);
    }
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return c;
}

}  // namespace rapport::email
