#include "modules/email/smtp_route.hpp"

#include "modules/email/email_store.hpp"
#include "modules/email/settings_service.hpp"

namespace rapport::email {

SmtpRoute open_smtp(db::Database& db, const Vault& vault, const std::string& workspace_id, const net::AllowList& allow,
                    const net::Resolver& resolver) {
  SmtpRoute out;
  out.settings = db.read([&](db::Connection& c) { return store::find_settings(c, workspace_id); });
  if (!out.settings) {
    out.error = "the workspace's email settings were removed";
    return out;
  }
  const SmtpSettings& s = *out.settings;
  std::optional<std::string> password;
  if (s.password_sealed) password = vault.open(*s.password_sealed, password_context(workspace_id));
  if (s.password_sealed && !password) {
    out.error = "the SMTP password cannot be opened with this server's master key: set it again";
    return out;
  }
  auto target = check_smtp_host(s.host, s.port, "host", allow, resolver);
  if (!target) {
    const Problem& p = target.problem();
    out.error = "the SMTP server " + s.host + ": " + (p.errors.empty() ? p.detail : p.errors.front().message);
    return out;
  }
  out.request = net::SmtpRequest{.connection_owner = workspace_id, .server = *target, .security = s.security, .username = s.username,
                                 .password = password.value_or(""), .from = s.sender};
  return out;
}

}  // namespace rapport::email
