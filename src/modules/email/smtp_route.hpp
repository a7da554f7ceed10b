// The workspace's SMTP server made ready for a send, as every sender needs it (the email.send job,
// campaigns): its settings read, the password opened from the vault ("smtp:<workspace>"), the host
// vetted again against the outbound policy (net::SmtpClient connects only to the checked addresses).
#pragma once
#include <optional>
#include <string>

#include "modules/email/settings.hpp"
#include "platform/db/database.hpp"
#include "platform/net/address_policy.hpp"
#include "platform/net/resolver.hpp"
#include "platform/net/smtp_client.hpp"
#include "platform/vault.hpp"

namespace rapport::email {

struct SmtpRoute {
  std::optional<SmtpSettings> settings;   // nullopt: the workspace has no email settings
  std::optional<net::SmtpRequest> request;  // server, security, credentials and from (the sender): set when usable
  std::string error;                      // why not, for a person, when request is empty
};

SmtpRoute open_smtp(db::Database& db, const Vault& vault, const std::string& workspace_id, const net::AllowList& allow,
                    const net::Resolver& resolver);

}  // namespace rapport::email
