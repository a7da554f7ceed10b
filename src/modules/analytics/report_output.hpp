// A report's answer: chart-ready JSON (rows, series, totals) and the same rows as a table for CSV or
// XLSX (platform/export).
//
// JSON: {"object", "time_zone", "group_by": [{"key", "field", "kind", "bucket"?}], "measures": [{"key",
// "op", "field"?, "money", "currency"?}], "currency_split", "rows": [{"groups": [..], "currency"?,
// "values": {key: figure}}], "series": [{"name", "currency"?, "points": [{"x", "values"}]}], "totals":
// [{"currency"?, "values"}], "truncated"}. A series is the rows of one value of the first group-by
// (with two group-bys; its points run along the second) and one currency; with one group-by there is
// one series per currency, named null; with none, only totals.
#pragma once
#include <boost/json.hpp>

#include "modules/analytics/report_query.hpp"
#include "platform/export/table.hpp"

namespace rapport::analytics {

Result<boost::json::object> report_json(const Definition& d, const ReportData& data, const std::string& time_zone);

// The header (group-by keys, "currency" when split, measure keys) and one row per group, then the
// totals' rows (the group cells say "Total").
Status write_table(const Definition& d, const ReportData& data, exports::TableWriter& out);

}  // namespace rapport::analytics
