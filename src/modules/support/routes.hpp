// The routes of support beyond the record engine's: a closed ticket's follow-up, a ticket's messages,
// the workspace's support mailboxes.
#pragma once
#include "platform/http/api.hpp"
#include "platform/records/service.hpp"

namespace rapport::support {

// POST /api/v1/tickets/{id}/follow-up, GET and POST /api/v1/tickets/{id}/messages, GET and PUT
// /api/v1/support/mailboxes (admins), and the macros' (macro_routes.hpp); `tickets` is the tickets'
// record service, `specs` the application's record specs (for replies sent by email and merge fields).
void add_routes(http::Api& api, records::Service& tickets, const std::vector<const records::ObjectSpec*>& specs);

}  // namespace rapport::support
