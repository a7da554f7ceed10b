// Sales reports (JSON, chart-ready): the open pipeline by stage, the forecast by expected close month
// and owner, and the lead -> deal -> won funnel with win rate, deal size, sales cycle and time per
// stage. Every query carries the caller's read scope on deals (records::append_scope), and amounts are
// never added across currencies: every amount figure is given per currency.
#pragma once
#include "access/context.hpp"
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"

namespace rapport::sales {

// GET /api/v1/reports/pipeline, /api/v1/reports/forecast and /api/v1/reports/funnel.
void add_report_routes(http::Api& api, db::Database& db);

}  // namespace rapport::sales
