// A scheduled report email: a saved report sent daily, weekly or monthly, at a local time of a time
// zone, to workspace users and e-mail addresses, as an HTML table with the CSV attached
// (report_email.hpp builds it, report_email_job.hpp sends it). The report is always run as its
// owner: no recipient, inside or outside the workspace, gets more than the owner may see.
//
// Body of POST /api/v1/saved-reports/{id}/schedules:
//   {"frequency": "weekly", "time": "08:30", "weekday": 1, "time_zone": "Europe/Paris",
//    "user_ids": ["…"], "emails": ["boss@example.com"]}
// - frequency daily | weekly (weekday 0 = Sunday .. 6) | monthly (month_day 1..28: every month has it);
// - time HH:MM (24 h) on time_zone's wall clock (IANA; default: the workspace's);
// - 1 to kMaxRecipients recipients in all: user_ids (active users of the workspace, checked by the
//   service) and emails (addresses).
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/problem.hpp"

namespace rapport::analytics {

inline constexpr std::size_t kMaxRecipients = 20;
inline constexpr std::size_t kMaxSchedulesPerReport = 10;
// The job type that sends one schedule's report (report_email_job.hpp).
inline constexpr const char* kReportEmailJob = "analytics.report_email";

struct ReportSchedule {
  std::string id, workspace_id, saved_report_id;
  std::string frequency = "daily";  // daily | weekly | monthly
  std::string time = "08:00";       // HH:MM
  std::optional<int64_t> weekday;   // weekly
  std::optional<int64_t> month_day; // monthly
  std::string time_zone = "UTC";
  std::vector<std::string> user_ids, emails;
  std::string created_by, created_at;
  std::optional<std::string> last_sent_at;

  boost::json::object to_json() const;
  // The five-field cron expression of the schedule (platform/jobs/cron.hpp): "30 8 * * 1".
  std::string cron() const;
  // The name of its job schedule (platform/jobs/schedules.hpp).
  std::string job_name() const { return "report-email:" + id; }
};

// Reads a POST body into `out` (time_zone left as given when absent: the service fills in the
// workspace's). 422 naming each bad member; the time zone is checked by the service (jobs::time_zone).
Status read_schedule_body(const boost::json::object& body, ReportSchedule& out, bool& zone_given);

}  // namespace rapport::analytics
