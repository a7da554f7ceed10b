// Users' BCC addresses: bcc-<token>@<the workspace's inbound_domain> (email settings). A user puts
// theirs in Bcc (or forwards to it) and the MTA posts the message to POST /api/v1/inbound-email,
// which logs it as sent by that user. The token (20 lower-case hex digits, 80 random bits) is an
// address, not a credential: posting needs the workspace's inbound secret. Each function runs in
// the caller's transaction.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"

namespace rapport::email {

struct BccAddress {
  std::string token, created_at;
};

std::optional<BccAddress> find_bcc_address(db::Connection& c, const std::string& workspace_id, const std::string& user_id);
// A new address for ctx's user, replacing theirs (rotation: mail to the old one is no longer logged).
BccAddress make_bcc_address(db::Connection& c, const identity::Context& ctx);
std::string bcc_address_text(std::string_view token, std::string_view domain);

// The token of an address that is a BCC address of `domain` (compared without case), or nullopt.
std::optional<std::string> bcc_token_of(std::string_view address, std::string_view domain);
// The active user whose BCC address is the first of `addresses` that is one; nullopt when none is.
std::optional<std::string> bcc_user(db::Connection& c, const std::string& workspace_id, std::string_view domain,
                                    const std::vector<std::string>& addresses);

}  // namespace rapport::email
