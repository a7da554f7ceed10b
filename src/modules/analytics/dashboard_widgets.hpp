// A dashboard's widgets: a grid 12 columns wide, each widget a saved report shown as a chart (bar,
// line, area, pie), a table, or a KPI tile (the report's totals for the current period of a date or
// time field, beside the previous period's):
//   {"saved_report_id", "type": "chart"|"table"|"kpi", "chart": "bar", "x": 0, "y": 0, "w": 6, "h": 4,
//    "period": {"field": "closed_at", "bucket": "month"}}
// x 0-11, w 1-12 with x + w <= 12, y 0-1000, h 1-24; chart only with type chart (none: the report's definition.chart); period
// with type kpi only, and required there (bucket week, month, quarter or year). At most kMaxWidgets.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"
#include "platform/problem.hpp"
#include "platform/records/spec.hpp"

namespace rapport::analytics {

inline constexpr std::size_t kMaxWidgets = 50;

// The widgets as stored (normalised), or a 422 naming widgets.<i>.<key>. Each saved report must be one
// the caller sees (`teams`: the caller's), and a KPI's period field a date or time of its object that
// the caller's role does not hide.
Result<boost::json::array> check_widgets(db::Connection& c, const identity::Context& ctx, const boost::json::value& widgets,
                                         const std::vector<std::string>& teams, const std::vector<const records::ObjectSpec*>& specs);

}  // namespace rapport::analytics
