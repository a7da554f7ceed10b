// The workspace's support mailboxes (GET|PUT /api/v1/support/mailboxes, admins): the addresses at
// which customers write to support, e.g. support@acme.example, each optionally the queue of a team
// (help@ -> team "Tier 1", billing@ -> team "Billing"). Mail posted to the inbound route
// (modules/email's POST /api/v1/inbound-email) whose To, Cc, X-Original-To, Delivered-To or
// envelope recipient is one of them becomes a ticket in that team (inbound_tickets.hpp). The list is
// replaced whole by PUT; at most kMaxMailboxes, each a distinct address (compared case-folded).
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/identity/context.hpp"
#include "platform/problem.hpp"

namespace rapport::support {

inline constexpr std::size_t kMaxMailboxes = 20;

struct Mailbox {
  std::string address;
  std::optional<std::string> team_id;
};

// The body of PUT: {"mailboxes": [{"address", "team_id"}]}; 422 naming each bad field
// (mailboxes.N.address: an email address, not twice; mailboxes.N.team_id: a string or null).
Result<std::vector<Mailbox>> read_mailboxes(const boost::json::object& body);
boost::json::object mailboxes_json(const std::vector<Mailbox>& mailboxes);

std::vector<Mailbox> find_mailboxes(db::Connection& c, const std::string& workspace_id);
// The first of `addresses` that is a mailbox of the workspace, with its team, or nullopt.
std::optional<Mailbox> mailbox_for(db::Connection& c, const std::string& workspace_id, const std::vector<std::string>& addresses);

// Replaces the workspace's mailboxes (a team_id must name a team of the workspace: 422
// mailboxes.N.team_id), audited as support_mailboxes.
Result<std::vector<Mailbox>> put_mailboxes(db::Database& db, const identity::Context& ctx, std::vector<Mailbox> mailboxes);

}  // namespace rapport::support
