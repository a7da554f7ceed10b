// Running a report for a caller: the definition read and checked under their field rules, the
// workspace's time zone and custom fields read, the query run, all in one read of the database.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "access/context.hpp"
#include "modules/analytics/report_query.hpp"
#include "platform/db/database.hpp"

namespace rapport::analytics {

struct RunAnswer {
  Definition definition;
  ReportData data;
  std::string time_zone;  // the workspace's, which placed times in date buckets
};

// 403 when the caller may not read the object's records (or uses a hidden field), 422 for a bad
// definition or a report too large, 400 for a filter the list would refuse.
Result<RunAnswer> run_definition(db::Database& db, const access::Context& ctx, const boost::json::object& body,
                                 const std::vector<const records::ObjectSpec*>& specs);

}  // namespace rapport::analytics
