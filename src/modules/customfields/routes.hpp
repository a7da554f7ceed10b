#pragma once
#include "access/context.hpp"
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/records/spec.hpp"

namespace rapport::customfields {

// /api/v1/custom-fields (list, create) and /api/v1/custom-fields/{id} (read, change, delete).
// Reading is open to every user of the workspace; changes need the admin role. `specs` are the record
// types that take custom fields (deleting a definition changes their records).
void add_routes(http::Api& api, db::Database& db, const std::vector<const records::ObjectSpec*>& specs);

}  // namespace rapport::customfields
