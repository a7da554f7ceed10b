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
                      {"sender", sender},     {"password_set", password_sealed.has_value()}};
}

json::object SmtpSettings::to_json() const {
  json::object o = audited();
  o["version"] = version;
  o["updated_at"] = updated_at;
  return o;
}

std::string password_context(const std::string& workspace_id) { return "smtp:" + workspace_id; }

}  // namespace rapport::email
