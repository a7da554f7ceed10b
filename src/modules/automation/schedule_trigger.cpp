#include "modules/automation/schedule_trigger.hpp"

#include "access/workspace_settings.hpp"
#include "modules/automation/automation_store.hpp"
#include "modules/automation/conditions.hpp"
#include "modules/automation/rule_check.hpp"
#include "modules/automation/run_payload.hpp"
#include "platform/clock.hpp"
#include "platform/jobs/enqueue.hpp"
#include "platform/jobs/schedules.hpp"
#include "platform/records/custom_fields.hpp"
#include "platform/records/list_query.hpp"

namespace rapport::automation {
namespace json = boost::json;

namespace {

bool on_schedule(const Rule& r) { return r.trigger.contains("type") && r.trigger.at("type") == "schedule"; }

}  // namespace

std::string schedule_name(const std::string& rule_id) { return "automation:" + rule_id; }

Status sync_schedule(db::Connection& c, const Rule& rule, int64_t now_ms) {
  if (!rule.enabled || !on_schedule(rule)) {
    jobs::remove_schedule(c, rule.workspace_id, schedule_name(rule.id));
    return ok_status();
  }
  const auto* cron = rule.trigger.if_contains("cron");
  auto put = jobs::put_schedule(c,
                                {.workspace_id = rule.workspace_id, .name = schedule_name(rule.id), .type = kScheduleJob,
                                 .payload = json::object{{"rule_id", rule.id}},
                                 .cron = cron && cron->is_string() ? std::string(cron->as_string()) : std::string(),
                                 .time_zone = access::workspace_time_zone(c, rule.workspace_id)},
                                now_ms);
  if (!put) {
    Problem p = put.take_problem();
    for (auto& e : p.errors) e.field = "trigger." + e.field;
    return p;
  }
  return ok_status();
}

int fire_schedule(db::Connection& c, const std::vector<const records::ObjectSpec*>& specs, const std::string& workspace_id,
                  const std::string& rule_id, const std::string& period) {
  auto rule = store::find(c, workspace_id, rule_id);
  if (!rule || !rule->enabled || !on_schedule(*rule)) return 0;
  const records::ObjectSpec* spec = spec_of(specs, rule->object_type);
  if (!spec) return 0;
  const auto defs = records::load_custom_fields(c, workspace_id, spec->object);
  records::ListParams params;
  params.filters = list_filters(rule->conditions);
  auto q = records::compile_list(*spec, defs, params, c.dialect(), workspace_id);
  RunRequest req{.rule_id = rule->id, .event_id = 0, .event_type = "schedule", .record_id = "", .depth = 0,
                 .event = json::object{{"period", period}}, .time_key = "schedule:" + period};
  if (!q) {
    Run run = req.new_run(*rule, "");
    run.status = "skipped";
    run.reason = "the conditions no longer compile: " + q.problem().detail;
    run.finished_at = run.started_at;
    store::insert_run(c, run);
    return 0;
  }
  // spec->object is the table; q->where holds bound parameters only. One row more tells there are more.
  std::string sql = "SELECT id FROM " + spec->object + " WHERE workspace_id = ? AND deleted_at IS NULL" + q->where + " ORDER BY id LIMIT ?";
  std::vector<db::Value> binds{workspace_id};
  binds.insert(binds.end(), q->params.begin(), q->params.end());
  binds.emplace_back(int64_t{kScheduleRecordsPerFiring + 1});
  std::vector<std::string> ids;
  auto& st = c.prepare(sql);
  st.bind_all(binds);
  while (st.step()) ids.push_back(st.text(0));
  st.reset();
  const bool more = ids.size() > static_cast<std::size_t>(kScheduleRecordsPerFiring);
  if (more) ids.resize(kScheduleRecordsPerFiring);
  for (const auto& id : ids) {
    req.record_id = id;
    jobs::enqueue(c, {.type = kRunJob, .payload = req.to_json(), .workspace_id = workspace_id, .unique_key = rule->id + ":" + req.trigger_key()});
  }
  if (more) {
    // The run log says where this period stopped: a skipped run of the firing itself (no record).
    req.record_id = "";
    Run run = req.new_run(*rule, "");
    run.status = "skipped";
    run.reason = "this period stopped at " + std::to_string(kScheduleRecordsPerFiring) +
                 " records (in id order); more match the conditions and were not run";
    run.finished_at = run.started_at;
    store::insert_run(c, run);
  }
  return static_cast<int>(ids.size());
}

jobs::JobType schedule_job_type(db::Database& db, std::vector<const records::ObjectSpec*> specs) {
  jobs::JobType t;
  t.name = kScheduleJob;
  t.handler = [&db, specs = std::move(specs)](jobs::JobContext& jc) {
    const auto* o = jc.job.payload.if_object();
    const auto* rule = o ? o->if_contains("rule_id") : nullptr;
    const auto* period = o ? o->if_contains("scheduled_for") : nullptr;
    if (!rule || !rule->is_string() || !period || !period->is_string()) return jobs::Outcome::fail("not an automation.schedule payload");
    Status st = jc.finish([&](db::Connection& c) -> Status {
      fire_schedule(c, specs, jc.job.workspace_id, std::string(rule->as_string()), std::string(period->as_string()));
      return ok_status();
    });
    if (!st) return jobs::Outcome::retry(st.problem().detail);
    return jobs::Outcome::done();
  };
  t.max_attempts = 5;
  t.concurrency = 2;
  return t;
}

}  // namespace rapport::automation
