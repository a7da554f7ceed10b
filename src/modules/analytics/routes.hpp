// The analytics module's routes: POST /api/v1/reports/run (a report definition in the body, the
// answer back as JSON, CSV or XLSX).
#pragma once
#include <vector>

#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/records/spec.hpp"

namespace rapport::analytics {

void add_routes(http::Api& api, db::Database& db, const std::vector<const records::ObjectSpec*>& specs);

}  // namespace rapport::analytics
