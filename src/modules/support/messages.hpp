// A ticket's conversation: public replies (to the requester), internal notes and the customer's
// emails (kind customer, joined by inbound_tickets.hpp), oldest first. A reply or note is written
// with the ticket: the caller must be allowed to change the ticket, the ticket's history records
// the message (action "reply" or "note"), and the first reply sets the ticket's first_response_at
// (a change of the ticket: version, history, ticket.updated event). A reply to a requester with an
// email address, in a workspace with email settings, is queued as an email (modules/email's
// queue_email, same transaction) threaded onto the conversation (In-Reply-To the customer's last
// email, References the conversation's), with the agent's uploaded files, and the message carries
// its email_id; otherwise the reply is stored without an email (email_id null).
//
// Collision notice: a writer that sends after_message_id (the newest message it saw, null for none)
// gets 409 naming the newer message when someone else wrote one since; sending again with that id
// says it has been seen.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "access/context.hpp"
#include "modules/support/message_store.hpp"
#include "modules/support/specs.hpp"
#include "platform/db/database.hpp"
#include "platform/problem.hpp"
#include "platform/records/spec.hpp"
#include "platform/records/store.hpp"

namespace rapport::support {

inline constexpr std::size_t kMaxMessageBody = 50'000;  // characters

struct MessageInput {
  std::string kind;  // "reply" | "note"
  std::string body;
  bool check_seen = false;                      // after_message_id was sent
  std::optional<std::string> after_message_id;  // the newest message the writer saw (none: null)
  std::vector<std::string> attachment_ids;      // the writer's uploads: an emailed reply's files, or a note's
};

// 422 naming each bad field: kind (required, reply or note), body (required, 1 to kMaxMessageBody
// characters), after_message_id (a message id or null), attachment_ids (at most email's
// kMaxOutboundAttachments distinct ids), any other key.
Result<MessageInput> read_message(const boost::json::object& body);

// A message as GET and POST answer it, without its attachments (store::add_attachments adds them);
// its delivery is `queued` when it has an email (store::add_delivery reads how the email stands).
boost::json::object message_json(const store::Message& m);

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

// Whether the caller may download the files an internal note holds (email's HeldFileAccess, wired by
// app: GET /api/v1/attachments/{id}): whoever may read the note's ticket.
bool may_read_note_files(db::Connection& c, const identity::Context& ctx, const std::string& note_id);

}  // namespace rapport::support
