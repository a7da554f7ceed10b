// A ticket's conversation: public replies (to the requester) and internal notes, oldest first. A
// message is written with the ticket: the caller must be allowed to change the ticket, the ticket's
// history records the message (action "reply" or "note"), and the first reply sets the ticket's
// first_response_at (a change of the ticket: version, history, ticket.updated event). A reply to a
// requester with an email address, in a workspace with email settings, is queued as an email
// (modules/email's queue_email, same transaction) and the message carries its email_id; otherwise
// the reply is stored without an email (email_id null).
#pragma once
#include <boost/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "access/context.hpp"
#include "platform/db/database.hpp"
#include "platform/problem.hpp"
#include "platform/records/spec.hpp"

namespace rapport::support {

inline constexpr std::size_t kMaxMessageBody = 50'000;  // characters

struct MessageInput {
  std::string kind;  // "reply" | "note"
  std::string body;
};

// 422 naming each bad field: kind (required, reply or note), body (required, 1 to kMaxMessageBody
// characters), any other key.
Result<MessageInput> read_message(const boost::json::object& body);

// GET: {"data": [message...], "next_cursor"} oldest first; `query` takes limit and cursor (400
// otherwise). 404 when the ticket is not the caller's to read.
Result<boost::json::object> list_messages(db::Database& db, const access::Context& ctx, const std::string& ticket_id,
                                          const std::vector<std::pair<std::string, std::string>>& query);

// POST: the stored message. 404 when the caller cannot read the ticket, 403 when they cannot change it.
// `specs`: the application's record specs (email's merge-field catalog).
Result<boost::json::object> add_message(db::Database& db, const access::Context& ctx, const std::string& ticket_id,
                                        const MessageInput& input, const std::vector<const records::ObjectSpec*>& specs);

// add_message inside the caller's write transaction (`c` is the writer): a macro posts its message
// with the ticket's changes. A problem it returns must fail the caller's transaction.
Result<boost::json::object> write_message(db::Connection& c, const access::Context& ctx, const std::string& ticket_id,
                                          const MessageInput& input, const std::vector<const records::ObjectSpec*>& specs);

// 404 / 403 as add_message would answer, before the body is read (a read-only caller is refused
// whatever they send).
Status may_add_message(db::Database& db, const access::Context& ctx, const std::string& ticket_id);

}  // namespace rapport::support
