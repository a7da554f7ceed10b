// GET /api/v1/reports/support: the support KPIs (kpi_report.hpp) for the caller's tickets. Members who
// may read tickets; 403 for a role without ticket reads; 400 for a bad query (kpi_query.hpp).
#pragma once
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"

namespace rapport::support {

void add_kpi_route(http::Api& api, db::Database& db);

}  // namespace rapport::support
