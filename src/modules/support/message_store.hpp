// The SQL of a ticket's messages (ticket_messages, migrations 0031 and 0038) beyond the page of
// GET /messages: writing one, the conversation's Message-IDs (to thread a reply, and to find the
// ticket a reply's headers name) and the files of a page of messages. Every statement names the
// workspace.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"

namespace rapport::support::store {

struct Message {
  std::string id, ticket_id, kind, body;
  std::optional<std::string> author_id;  // none: a customer's message, or an API key without a user
  std::string created_at;
  std::optional<std::string> email_id;           // a reply emailed to the requester
  std::optional<std::string> received_email_id;  // a customer message: the email it came as
  std::optional<std::string> message_id;         // the Message-ID of either email
};

void insert_message(db::Connection& c, const std::string& workspace_id, const Message& m);

// The newest message of the ticket (ids are UUIDv7: the greatest is the newest), or nullopt.
struct Latest {
  std::string id, kind, created_at;
  std::optional<std::string> author_id;
};
std::optional<Latest> latest_message(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id);
bool is_message_of(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id, const std::string& message_id);

// The headers that thread a reply onto the ticket's conversation: In-Reply-To the newest customer
// message's Message-ID (else the newest sent reply's; none: a new thread), References the
// conversation's Message-IDs oldest first, at most kMaxReferences (the first and the newest, as
// RFC 5322 3.6.4 lets a long chain be cut).
inline constexpr std::size_t kMaxReferences = 20;
struct Thread {
  std::optional<std::string> in_reply_to;
  std::vector<std::string> references;
};
Thread thread_of(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id);

// The ticket whose messages carry one of these Message-IDs (the nearest of them first, in the order
// given), or nullopt. Live tickets only.
std::optional<std::string> ticket_by_message_ids(db::Connection& c, const std::string& workspace_id,
                                                 const std::vector<std::string>& message_ids);
// The ticket a received email joined (or opened), or nullopt.
std::optional<std::string> ticket_of_received(db::Connection& c, const std::string& workspace_id, const std::string& received_email_id);

// Adds "attachments" (id, file_name, content_type, size, sha256; in order) to each message of `page`
// from the files of its email (email_id or received_email_id), in one query, and to each note from
// the files it holds, in another.
void add_attachments(db::Connection& c, const std::string& workspace_id, boost::json::array& page);

// Sets "delivery" on each message of `page` that was emailed (email_id): {"state": queued | sent |
// failed | bounced, "reason": why it failed or bounced, or null} as its email stands now, in one
// query; null for the others (and for one whose email was erased since).
void add_delivery(db::Connection& c, const std::string& workspace_id, boost::json::array& page);

// The sent reply (kind reply, emailed) whose email had this Message-ID, or nullopt.
struct SentReply {
  std::string ticket_id, id, created_at;
};
std::optional<SentReply> reply_by_message_id(db::Connection& c, const std::string& workspace_id, const std::string& message_id);

}  // namespace rapport::support::store
