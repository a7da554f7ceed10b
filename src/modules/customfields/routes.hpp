#pragma once
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"

namespace rapport::customfields {

// /api/v1/custom-fields (list, create) and /api/v1/custom-fields/{id} (read, change, delete).
// Reading is open to every user of the workspace; changes need the admin role.
void add_routes(http::Api& api, db::Database& db);

}  // namespace rapport::customfields
