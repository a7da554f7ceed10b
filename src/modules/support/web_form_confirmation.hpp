// The confirmation a web form sends its requester ("We got your request #N"), when the form says so
// (confirm_email, on by default) and the workspace has email settings. It is queued in the
// submission's transaction (email's queue_email: an email.send job, linked to the requester's
// contact so it lands on their timeline) and kept as the ticket's first message: a reply without an
// author, carrying the email and its Message-ID. That Message-ID is what threads the customer's
// answer onto the ticket (inbound_tickets: In-Reply-To/References name a ticket message), and the
// agent's first reply answers it in the customer's mail client. It is not a response by the desk:
// first_response_at and the SLA are left alone. The ticket's history records it (action `reply`, by
// the form).
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"
#include "platform/problem.hpp"

namespace rapport::support {

// Confirms the request of `ticket` (as records::insert_new answered it) to `to`, greeting `name`
// (empty: no name). The message's id, or nullopt when the workspace sends no email. In the caller's
// write transaction; a problem must fail it.
Result<std::optional<std::string>> confirm_request(db::Connection& c, const identity::Context& ctx, const boost::json::object& ticket,
                                                   const std::string& to, const std::string& name);

}  // namespace rapport::support
