// The use cases of report schedules (report_schedule.hpp), under /api/v1/saved-reports/{id}/schedules.
//
// - The saved report must be one the caller sees (404 otherwise, as the report's own routes answer).
// - Only the report's owner creates a schedule (403 otherwise, admins included): it runs as them, so
//   what it sends is what they may see. The owner and, for a shared report, admins list and delete
//   its schedules (403 for anyone else); an admin can so stop a report being sent.
// - user_ids must be active users of the workspace (422 naming user_ids); the time zone a known IANA
//   zone (422), the workspace's when not given. At most kMaxSchedulesPerReport a report (409).
// - Each schedule has a job schedule (platform/jobs/schedules.hpp) of its cron and zone that
//   enqueues `analytics.report_email` with its id; created and removed in the same transaction as
//   the row, audited as `report_schedules`. Deleting the saved report deletes its schedules
//   (remove_report_schedules, in the report's delete transaction).
// - send_now enqueues the same job at once (the owner, or an admin for a shared report): 202.
#pragma once
#include <string>
#include <vector>

#include "modules/analytics/report_schedule.hpp"
#include "modules/analytics/saved_item_service.hpp"
#include "platform/db/database.hpp"
#include "platform/identity/context.hpp"

namespace rapport::analytics {

class ReportScheduleService {
 public:
  ReportScheduleService(db::Database& db, const SavedItemService& reports) : db_(db), reports_(reports) {}

  Result<std::vector<ReportSchedule>> list(const identity::Context& ctx, const std::string& report_id) const;
  // Whether the caller may schedule the report (404: not one they see; 403: not its owner): asked
  // before the body is read, so another workspace's report answers 404 whatever the body.
  Status may_create(const identity::Context& ctx, const std::string& report_id) const;
  Result<ReportSchedule> create(const identity::Context& ctx, const std::string& report_id, const boost::json::object& body);
  Status remove(const identity::Context& ctx, const std::string& report_id, const std::string& schedule_id);
  // The id of the job enqueued.
  Result<std::string> send_now(const identity::Context& ctx, const std::string& report_id, const std::string& schedule_id);

 private:
  db::Database& db_;
  const SavedItemService& reports_;
};

// Removes a saved report's schedules and their job schedules, in the caller's transaction.
void remove_report_schedules(db::Connection& c, const std::string& workspace_id, const std::string& report_id);

}  // namespace rapport::analytics
