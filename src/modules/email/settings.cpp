#include "modules/email/settings.hpp"

namespace rapport::email {
namespace json = boost::json;

bool is_security(std::string_view s) {
  for (const char* v : kSecurities)
    if (s == v) return true;
  return false;
}

json::object SmtpSettings::audited() const {
  return json::object{{"host", host},         {"port", port},
                      {"security", security}, {"username", username},
                      {"sender", sender},     {"password_set", password_sealed.has_value()},
                      {"inbound_domain", inbound_domain ? json::value(*inbound_domain) : json::value(nullptr)}};
}

json::object SmtpSettings::to_json() const {
  const bool configured = !updated_at.empty();
  json::object o = audited();
  o["configured"] = configured;
  if (!configured) o["host"] = o["sender"] = nullptr;
  o["version"] = configured ? version : 0;
  o["updated_at"] = configured ? json::value(updated_at) : json::value(nullptr);
  return o;
}

std::string password_context(const std::string& workspace_id) { return "smtp:" + workspace_id; }

}  // namespace rapport::email
