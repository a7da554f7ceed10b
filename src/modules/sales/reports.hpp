// Sales reports (JSON, chart-ready): the open pipeline by stage, the forecast by expected close month
// and owner, and the lead -> deal -> won funnel with win rate, deal size, sales cycle and time per
// stage. Every query carries the caller's read scope on deals (records::append_scope), and amounts are
// never added across currencies: every amount figure is given per currency.
//
// Filters, all optional except the pipeline report's pipeline_id: `pipeline_id` (a pipeline of the
// caller's workspace; anything else, another workspace's included, is a 404 like an unknown one) and
// `owner_id` (one user id or up to 100 separated by commas; 400 when one is not a user id). owner_id is
// ANDed with the caller's scope, so it narrows and never widens: a rep who reads only their own deals
// and asks for another owner gets an empty report (zero counts), not that owner's deals; an unknown
// user id is an empty report too. The funnel's lead steps follow owner_id (leads have owners) but not
// pipeline_id (leads belong to no pipeline): with pipeline_id the funnel starts at deals_created.
#pragma once
#include "access/context.hpp"
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"

namespace rapport::sales {

// GET /api/v1/reports/pipeline, /api/v1/reports/forecast and /api/v1/reports/funnel.
void add_report_routes(http::Api& api, db::Database& db);

}  // namespace rapport::sales
