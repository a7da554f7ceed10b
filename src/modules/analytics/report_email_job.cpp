#include "modules/analytics/report_email_job.hpp"

#include <algorithm>

#include "access/user_context.hpp"
#include "modules/analytics/report_email.hpp"
#include "modules/analytics/report_schedule.hpp"
#include "modules/analytics/report_schedule_store.hpp"
#include "modules/analytics/saved_item_store.hpp"
#include "modules/email/email_store.hpp"
#include "modules/email/send_service.hpp"
#include "platform/clock.hpp"

namespace rapport::analytics {
namespace json = boost::json;

namespace {

struct Prepared {
  ReportSchedule schedule;
  SavedItem report;
  identity::Context owner;
  std::vector<std::string> to;  // the addresses, users' first
};

// What the run needs, read in one transaction; nullopt with `why` empty: nothing to do.
std::optional<Prepared> prepare(db::Database& db, const std::string& workspace_id, const std::string& schedule_id, std::string& why) {
  return db.read([&](db::Connection& c) -> std::optional<Prepared> {
    auto s = schedule_store::find(c, workspace_id, schedule_id);
    if (!s) return std::nullopt;
    auto r = item_store::find(c, kSavedReports, workspace_id, s->saved_report_id);
    if (!r) return std::nullopt;
    auto owner = access::user_context(c, workspace_id, r->sharing.owner_id);
    if (!owner) {
      why = "The report's owner is no longer an active user: the schedule sends nothing";
      return std::nullopt;
    }
    Prepared p{std::move(*s), std::move(*r), std::move(*owner), {}};
    for (const auto& u : p.schedule.user_ids) {
      auto email = c.scalar("SELECT email FROM users WHERE workspace_id = ? AND id = ? AND active = 1", {workspace_id, u});
      if (auto* e = std::get_if<std::string>(&email))
        if (std::find(p.to.begin(), p.to.end(), *e) == p.to.end()) p.to.push_back(*e);
    }
    for (const auto& e : p.schedule.emails)
      if (std::find(p.to.begin(), p.to.end(), e) == p.to.end()) p.to.push_back(e);
    return p;
  });
}

}  // namespace

jobs::JobType report_email_job_type(db::Database& db, std::vector<const records::ObjectSpec*> specs) {
  jobs::Handler handler = [&db, specs = std::move(specs)](jobs::JobContext& jc) -> jobs::Outcome {
    const json::value* id = jc.job.payload.is_object() ? jc.job.payload.as_object().if_contains("schedule_id") : nullptr;
    if (!id || !id->is_string()) return jobs::Outcome::fail("The payload names no schedule_id");
    std::string why;
    auto p = prepare(db, jc.job.workspace_id, std::string(id->as_string()), why);
    if (!p) return why.empty() ? jobs::Outcome::done() : jobs::Outcome::fail(why);
    if (p->to.empty()) return jobs::Outcome::fail("None of the schedule's recipients is still an active user or an address");
    if (!p->report.payload.is_object()) return jobs::Outcome::fail("The saved report holds no definition");
    auto answer = run_definition(db, p->owner, p->report.payload.as_object(), specs);
    if (!answer) {
      const Problem& pr = answer.problem();
      std::string reason = "The report was refused as its owner runs it: " + (pr.detail.empty() ? pr.title : pr.detail);
      return pr.status >= 500 ? jobs::Outcome::retry(reason) : jobs::Outcome::fail(reason);
    }
    const json::value* fired = jc.job.payload.as_object().if_contains("scheduled_for");
    const std::string now = clock::now_text();
    auto mail = report_email(p->report.name, *answer, fired && fired->is_string() ? std::string(fired->as_string()) : now);
    if (!mail) return jobs::Outcome::fail(mail.problem().detail);
    Status st = jc.finish([&](db::Connection& c) -> Status {
      for (const auto& address : p->to) {
        email::Attachment file{.file_name = mail->csv_name, .content_type = "text/csv"};
        email::store::insert_upload(c, p->owner.workspace_id, p->owner.user_id, file, mail->csv);
        email::SendRequest req;
        req.to = {address};
        req.subject = mail->subject;
        req.body = mail->text;
        req.html = mail->html;
        req.attachment_ids = {file.id};
        auto queued = email::queue_email(c, p->owner, specs, req, {}, p->owner.user_id, {.files_bytes = mail->csv.size()});
        if (!queued) return queued.take_problem();
      }
      schedule_store::mark_sent(c, p->owner.workspace_id, p->schedule.id, now);
      return ok_status();
    });
    if (!st) {
      // 409: the workspace has no email settings (or the job is no longer this attempt's): waiting
      // does not help either, so only a server-side failure is retried.
      const Problem& pr = st.problem();
      std::string reason = pr.detail.empty() ? pr.title : pr.detail;
      return pr.status >= 500 ? jobs::Outcome::retry(reason) : jobs::Outcome::fail(reason);
    }
    return jobs::Outcome::done();
  };
  return {.name = kReportEmailJob, .handler = std::move(handler), .max_attempts = 3, .concurrency = 1};
}

}  // namespace rapport::analytics
