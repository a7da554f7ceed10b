// The routes of round-robin assignment: a team's setting (GET for every member, PUT for admins)
// and the caller's own availability (away or not), which the round robin reads.
#pragma once
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"

namespace rapport::support {

void add_assignment_routes(http::Api& api, db::Database& db);

}  // namespace rapport::support
