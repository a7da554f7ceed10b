// What a follow-up of a closed ticket takes from it: who asked, for which company, in which queue,
// how urgent and of what kind, and its subject. Not its assignee (the team's queue picks the
// follow-up up), its description or its custom fields. Shared by POST /api/v1/tickets/{id}/follow-up
// and the inbound email that answers a closed ticket.
#pragma once
#include <boost/json.hpp>

namespace rapport::support {

// The body of a new ticket following `closed` (a ticket's JSON): its copied fields that are set,
// and follow_up_of.
boost::json::object follow_up_body(const boost::json::object& closed);

}  // namespace rapport::support
