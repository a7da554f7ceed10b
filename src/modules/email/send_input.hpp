// Reads the body of POST /api/v1/emails: `to` (1 or more addresses), optional `cc`, then either
// `subject` and `body` (text; optional `html`) or `template_id`, and the records it concerns as
// `contact_id`, `company_id`, `lead_id`, `deal_id`, and `attachment_ids` (at most
// kMaxOutboundAttachments distinct ids of uploaded files), and `in_reply_to` (the id of the email it
// answers). At most kMaxRecipients addresses in all, each a
// valid address, none twice. Each failure a field error so that one 422 names them all.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/problem.hpp"

namespace rapport::email {

struct SendRequest {
  std::vector<std::string> to, cc;
  std::optional<std::string> subject, body, html, template_id;
  boost::json::object links;  // the *_id keys given
  std::vector<std::string> attachment_ids;  // files uploaded by the sender (POST /api/v1/attachments)
  // A reply from POST /api/v1/emails: an email's id (sent or received); the reply joins its thread.
  std::optional<std::string> in_reply_to;
  // Threading chosen by a caller that answers a conversation of its own (a ticket's reply), never
  // read from the body: the Message-ID to send with (empty: a new one), the parent's Message-ID and
  // the thread's (References, oldest first); all without angle brackets. Unused with in_reply_to.
  std::string message_id;
  std::optional<std::string> parent_message_id;
  std::vector<std::string> references;
};

Result<SendRequest> read_send_body(const boost::json::object& body);

}  // namespace rapport::email
