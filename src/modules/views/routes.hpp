#pragma once
#include <vector>

#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/records/spec.hpp"

namespace rapport::views {

// /api/v1/views (list of an object type, create) and /api/v1/views/{id} (read, change, delete): the
// saved views of the list pages (view_service.hpp has the rules). `specs` are the record objects.
void add_routes(http::Api& api, db::Database& db, const std::vector<const records::ObjectSpec*>& specs);

}  // namespace rapport::views
