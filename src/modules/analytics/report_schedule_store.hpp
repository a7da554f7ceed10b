// The SQL of report schedules (table `report_schedules`, migration 0073). Every statement names the
// workspace, so no call reaches another workspace's rows.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "modules/analytics/report_schedule.hpp"
#include "platform/db/connection.hpp"

namespace rapport::analytics::schedule_store {

std::optional<ReportSchedule> find(db::Connection& c, const std::string& workspace_id, const std::string& id);
// A saved report's schedules, oldest first.
std::vector<ReportSchedule> of_report(db::Connection& c, const std::string& workspace_id, const std::string& saved_report_id);
// Every schedule of the workspace (an erasure's scrub).
std::vector<ReportSchedule> of_workspace(db::Connection& c, const std::string& workspace_id);
void set_emails(db::Connection& c, const ReportSchedule& s);
void insert(db::Connection& c, const ReportSchedule& s);
void remove(db::Connection& c, const std::string& workspace_id, const std::string& id);
void mark_sent(db::Connection& c, const std::string& workspace_id, const std::string& id, const std::string& at);

}  // namespace rapport::analytics::schedule_store
