// The rules of a workspace's SMTP settings; only admins see or change them (403 for anyone else).
// - PUT replaces them; the host must be, or resolve only to, public addresses unless the operator
//   allow-listed it (the outbound allow-list of webhooks, --webhook-allow-host): 422 naming `host`,
//   503 when DNS does not answer. The send checks again and connects only to the checked addresses.
// - the password is sealed by the vault under "smtp:<workspace id>", never answered or audited;
//   absent from a PUT it is kept, null or "" removes it.
// - every change is audited (object "email_settings", action "update"), the password only as
//   password_set; a PUT that changes nothing writes nothing.
#pragma once
#include <string>

#include "modules/email/settings.hpp"
#include "modules/email/settings_input.hpp"
#include "platform/db/database.hpp"
#include "platform/identity/context.hpp"
#include "platform/net/address_policy.hpp"
#include "platform/net/resolver.hpp"
#include "platform/net/url_check.hpp"
#include "platform/vault.hpp"

namespace rapport::email {

// The SMTP server's address checked against the outbound policy: a Target whose host and port the
// SMTP client connects to. 422 naming `field`, 503 when DNS does not answer.
Result<net::Target> check_smtp_host(const std::string& host, int64_t port, std::string_view field,
                                    const net::AllowList& allow, const net::Resolver& resolver);

class SettingsService {
 public:
  SettingsService(db::Database& db, const Vault& vault, net::AllowList allow, net::Resolver resolver = net::resolve_system)
      : db_(db), vault_(vault), allow_(std::move(allow)), resolver_(std::move(resolver)) {}

  // A workspace without settings gets an empty SmtpSettings (to_json says configured: false).
  Result<SmtpSettings> get(const identity::Context& ctx);
  Result<SmtpSettings> put(const identity::Context& ctx, const SettingsChange& in);

 private:
  db::Database& db_;
  const Vault& vault_;
  net::AllowList allow_;
  net::Resolver resolver_;
};

}  // namespace rapport::email
