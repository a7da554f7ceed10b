// GET /api/v1/dashboards/{id}/data: every widget of a dashboard with its figures, each saved report
// run as POST /api/v1/reports/run runs it, for the caller (their scope, their field rules). A KPI tile
// gets the report's totals for the current period of its field and for the previous one, and per
// measure the change (current - previous) where both are numbers. A widget whose report is gone, no
// longer visible to the caller or refused (a field their role now hides) carries that problem
// instead of figures; the dashboard answers anyway.
#pragma once
#include <boost/json.hpp>

#include "modules/analytics/saved_item_service.hpp"
#include "platform/db/database.hpp"

namespace rapport::analytics {

// A KPI tile's change: per measure key, current - previous, for each pair of totals (the report's
// "totals" entries) with the same currency where both are numbers. Two integers whose difference
// does not fit int64 (money sums of opposite signs near its ends) have no change rather than a
// wrapped one.
boost::json::array kpi_changes(const boost::json::array& current, const boost::json::array& previous);

Result<boost::json::object> dashboard_data(db::Database& db, const identity::Context& ctx, const SavedItemService& dashboards,
                                           const SavedItemService& reports, const std::string& id,
                                           const std::vector<const records::ObjectSpec*>& specs);

}  // namespace rapport::analytics
