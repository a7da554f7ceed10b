#include "modules/analytics/report_schedule_service.hpp"

#include "access/workspace_settings.hpp"
#include "modules/email/email_record.hpp"
#include "modules/analytics/report_schedule_store.hpp"
#include "modules/analytics/sharing.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/jobs/cron.hpp"
#include "platform/jobs/enqueue.hpp"
#include "platform/jobs/schedules.hpp"
#include "platform/journal.hpp"

namespace rapport::analytics {
namespace json = boost::json;

namespace {

Problem schedule_not_found(const std::string& id) { return Problem::not_found("No schedule " + id + " of this saved report"); }

// The saved report, seen by the caller (404 otherwise), and whether they may manage its schedules.
Result<SavedItem> managed_report(const SavedItemService& reports, const identity::Context& ctx, const std::string& report_id) {
  auto report = reports.get(ctx, report_id);
  if (!report) return report.take_problem();
  if (!may_change(ctx, report->sharing))
    return Problem::forbidden("Only the report's owner, or an admin for a shared report, manages its schedules");
  return report;
}

json::object audited(const ReportSchedule& s) {
  json::object o = s.to_json();
  o.erase("id");
  o.erase("created_by");
  o.erase("created_at");
  o.erase("last_sent_at");
  return o;
}

}  // namespace

void remove_report_schedules(db::Connection& c, const std::string& workspace_id, const std::string& report_id) {
  for (const auto& s : schedule_store::of_report(c, workspace_id, report_id)) {
    jobs::remove_schedule(c, workspace_id, s.job_name());
    schedule_store::remove(c, workspace_id, s.id);
  }
}

Result<std::vector<ReportSchedule>> ReportScheduleService::list(const identity::Context& ctx, const std::string& report_id) const {
  auto report = managed_report(reports_, ctx, report_id);
  if (!report) return report.take_problem();
  return db_.read([&](db::Connection& c) { return schedule_store::of_report(c, ctx.workspace_id, report_id); });
}

Status ReportScheduleService::may_create(const identity::Context& ctx, const std::string& report_id) const {
  auto report = reports_.get(ctx, report_id);
  if (!report) return report.take_problem();
  if (ctx.user_id.empty() || ctx.user_id != report->sharing.owner_id)
    return Problem::forbidden("Only the report's owner schedules it: it is sent as they see it");
  return ok_status();
}

Result<ReportSchedule> ReportScheduleService::create(const identity::Context& ctx, const std::string& report_id, const json::object& body) {
  if (Status st = may_create(ctx, report_id); !st) return st.take_problem();
  ReportSchedule s;
  bool zone_given = false;
  if (Status st = read_schedule_body(body, s, zone_given); !st) return st.take_problem();
  s.id = ids::uuid_v7();
  s.workspace_id = ctx.workspace_id;
  s.saved_report_id = report_id;
  s.created_by = ctx.actor();
  s.created_at = clock::now_text();
  Status st = db_.write([&](db::Connection& c) -> Status {
    if (!zone_given) {
      s.time_zone = access::workspace_time_zone(c, ctx.workspace_id);
      if (s.time_zone.empty()) s.time_zone = "UTC";
    }
    for (const auto& u : s.user_ids)
      if (std::holds_alternative<std::nullptr_t>(c.scalar("SELECT id FROM users WHERE workspace_id = ? AND id = ? AND active = 1", {ctx.workspace_id, u})))
        return Problem::invalid({{"user_ids", "not_found", "names no active user of this workspace: " + u}});
    if (schedule_store::of_report(c, ctx.workspace_id, report_id).size() >= kMaxSchedulesPerReport)
      return Problem::conflict(email::counted("A saved report has at most ", kMaxSchedulesPerReport, " schedules"));
    schedule_store::insert(c, s);
    auto job = jobs::put_schedule(c,
                                  {.workspace_id = ctx.workspace_id,
                                   .name = s.job_name(),
                                   .type = kReportEmailJob,
                                   .payload = json::object{{"schedule_id", s.id}},
                                   .cron = s.cron(),
                                   .time_zone = s.time_zone},
                                  clock::now_ms());
    if (!job) return job.take_problem();  // an unknown time zone: 422 naming time_zone
    journal::audit(c, ctx, "report_schedules", s.id, "create", journal::diff(json::object{}, audited(s)));
    return ok_status();
  });
  if (!st) return st.take_problem();
  return s;
}

Status ReportScheduleService::remove(const identity::Context& ctx, const std::string& report_id, const std::string& schedule_id) {
  auto report = managed_report(reports_, ctx, report_id);
  if (!report) return report.take_problem();
  if (!ids::is_uuid(schedule_id)) return schedule_not_found(schedule_id);
  return db_.write([&](db::Connection& c) -> Status {
    auto s = schedule_store::find(c, ctx.workspace_id, schedule_id);
    if (!s || s->saved_report_id != report_id) return schedule_not_found(schedule_id);
    jobs::remove_schedule(c, ctx.workspace_id, s->job_name());
    schedule_store::remove(c, ctx.workspace_id, schedule_id);
    journal::audit(c, ctx, "report_schedules", schedule_id, "delete", journal::diff(audited(*s), json::object{}));
    return ok_status();
  });
}

Result<std::string> ReportScheduleService::send_now(const identity::Context& ctx, const std::string& report_id, const std::string& schedule_id) {
  auto report = managed_report(reports_, ctx, report_id);
  if (!report) return report.take_problem();
  if (!ids::is_uuid(schedule_id)) return schedule_not_found(schedule_id);
  std::string job;
  Status st = db_.write([&](db::Connection& c) -> Status {
    auto s = schedule_store::find(c, ctx.workspace_id, schedule_id);
    if (!s || s->saved_report_id != report_id) return schedule_not_found(schedule_id);
    job = jobs::enqueue(c, {.type = kReportEmailJob, .payload = json::object{{"schedule_id", s->id}}, .workspace_id = ctx.workspace_id});
    journal::audit(c, ctx, "report_schedules", schedule_id, "send", json::array{});
    return ok_status();
  });
  if (!st) return st.take_problem();
  return job;
}

}  // namespace rapport::analytics
