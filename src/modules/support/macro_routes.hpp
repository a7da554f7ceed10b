// The routes of macros: /api/v1/macros (CRUD) and POST /api/v1/tickets/{id}/apply-macro. The routes
// read the path and the body and answer; the rules are macro_service's and macro_apply's.
#pragma once
#include <vector>

#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/records/spec.hpp"

namespace rapport::support {

void add_macro_routes(http::Api& api, db::Database& db, const std::vector<const records::ObjectSpec*>& specs);

}  // namespace rapport::support
