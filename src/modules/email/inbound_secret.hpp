// The workspace's inbound-email secret: the credential an MTA pipe or a forwarding service sends as
// `Authorization: Bearer rpi_…` to POST /api/v1/inbound-email. "rpi_" and 256 random bits; like API
// keys only its hash is stored, it is shown once, and it does nothing but post mail. A workspace has
// at most one live secret: making one revokes the one before (rotation). Each function runs in the
// caller's transaction; the routes make them admins only.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"

namespace rapport::email {

constexpr std::string_view kInboundSecretPrefix = "rpi_";

struct InboundSecret {
  std::string id, created_by, created_at;
  std::optional<std::string> last_used_at;
};

// A new secret for ctx's workspace (the live one revoked), audited "create" as email_inbound_secrets.
// Returns the secret itself, to be shown once.
std::string issue_inbound_secret(db::Connection& c, const identity::Context& ctx, InboundSecret& made);
// The live secret's facts (never the secret), or nullopt.
std::optional<InboundSecret> live_inbound_secret(db::Connection& c, const std::string& workspace_id);
// Revokes the live secret, audited "revoke"; false when there is none.
bool revoke_inbound_secret(db::Connection& c, const identity::Context& ctx);

// The workspace a presented secret belongs to and the secret's facts; nullopt when it is not a live
// secret (unknown, revoked, malformed) or the admin who made it is no longer active.
struct InboundCaller {
  std::string workspace_id;
  InboundSecret secret;
};
std::optional<InboundCaller> find_inbound_secret(db::Connection& c, std::string_view presented);
// Records that the inbound route's caller (ctx of InboundService::authenticate, whose actor is
// "inbound-email:<secret id>") used its secret now: last_used_at, which the settings page shows.
void touch_inbound_secret(db::Connection& c, const identity::Context& ctx);

}  // namespace rapport::email
