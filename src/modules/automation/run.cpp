#include "modules/automation/run.hpp"

#include <spdlog/spdlog.h>

#include <memory>

#include "modules/automation/automation_store.hpp"
#include "modules/automation/conditions.hpp"
#include "modules/automation/rule_check.hpp"
#include "modules/automation/run_payload.hpp"
#include "modules/automation/schedule_trigger.hpp"
#include "platform/clock.hpp"
#include "platform/identity/server_context.hpp"
#include "platform/journal.hpp"
#include "platform/records/matches.hpp"
#include "platform/records/recycle_bin.hpp"

namespace rapport::automation {
namespace json = boost::json;

namespace {

using identity::server_context;

json::object step(std::size_t index, const json::object& params, const char* status) {
  return json::object{{"index", index}, {"type", params.at("type")}, {"status", status}};
}

// Whether the record's date field still holds the value a date scan found ({"field", "value"}).
bool same_date(const json::object& record, const json::value& found) {
  const auto* f = found.if_object();
  if (!f || !f->contains("field") || !f->at("field").is_string()) return false;
  const std::string field(f->at("field").as_string());
  const json::value* now = nullptr;
  if (field.starts_with("custom.")) {
    const auto* custom = record.if_contains("custom");
    now = custom && custom->is_object() ? custom->as_object().if_contains(field.substr(7)) : nullptr;
  } else {
    now = record.if_contains(field);
  }
  return now && f->contains("value") && *now == f->at("value");
}

// The record as the pause reason names it: its display name and id ("contact \"Ada Lovelace\"
// (con_…)"), or its id alone when it has no name (or is gone).
std::string record_named(db::Connection& c, const records::ObjectSpec& spec, const std::string& workspace_id,
                         const std::string& id) {
  const auto name = c.scalar("SELECT " + records::display_sql(spec, server_context(workspace_id)) + " FROM " + spec.object +
                                 " WHERE workspace_id = ? AND id = ?",
                             {workspace_id, id});
  std::string out = spec.singular + " ";
  if (const auto* s = std::get_if<std::string>(&name); s && !s->empty()) out += "\"" + *s + "\" (" + id + ")";
  else out += id;
  return out;
}

class Runner {
 public:
  explicit Runner(AutomationDeps deps)
      : deps_(std::move(deps)), http_(net::HttpClient::Options{.allow = deps_.allow, .resolver = deps_.resolver}) {}

  jobs::Outcome run(jobs::JobContext& jc);

 private:
  // The run to continue, or nullopt when there is nothing (more) to do.
  Result<std::optional<Run>> start(const RunRequest& req, const Rule& rule, const records::ObjectSpec& spec, const std::string& job_id);
  // Whether the rule's conditions hold for the record now and for the event's changes; why not.
  std::optional<std::string> refusal(db::Connection& c, const RunRequest& req, const Rule& rule, const records::ObjectSpec& spec);
  static void pause(db::Connection& c, Rule rule, const std::string& reason);

  AutomationDeps deps_;
  net::HttpClient http_;
};

void Runner::pause(db::Connection& c, Rule rule, const std::string& reason) {
  const auto ctx = server_context(rule.workspace_id);
  rule.enabled = false;
  rule.paused_reason = reason;
  rule.version += 1;
  rule.updated_at = clock::now_text();
  store::update(c, rule, true, "");
  (void)sync_schedule(c, rule, clock::now_ms());  // disabled: its schedule goes (removing cannot fail)
  journal::audit(c, ctx, "automations", rule.id, "pause",
                 json::array{json::object{{"field", "enabled"}, {"before", true}, {"after", false}},
                             json::object{{"field", "paused_reason"}, {"before", nullptr}, {"after", reason}}});
  journal::emit(c, ctx, "automation.paused", "automations", rule.id, json::object{{"id", rule.id}, {"reason", reason}});
  spdlog::warn("automation {} of workspace {} paused: {}", rule.id, rule.workspace_id, reason);
}

std::optional<std::string> Runner::refusal(db::Connection& c, const RunRequest& req, const Rule& rule,
                                           const records::ObjectSpec& spec) {
  const bool deleted = rule.trigger.at("type") == "record_deleted";
  records::Service* svc = deps_.services(spec.object);
  auto record = svc ? svc->store().find(c, server_context(rule.workspace_id), req.record_id, deleted) : std::nullopt;
  if (!record) return "the record is gone";
  if (const auto* pipeline = rule.trigger.if_contains("pipeline_id"); pipeline && record->if_contains("pipeline_id") &&
                                                                       record->at("pipeline_id") != *pipeline)
    return "the deal is in another pipeline";
  if (req.event_type == "date_relative" && !same_date(*record, req.event)) return "the date changed since the scan found it";
  const auto defs = records::load_custom_fields(c, rule.workspace_id, spec.object);
  auto met = records::matches(c, spec, defs, list_filters(rule.conditions), rule.workspace_id, req.record_id, deleted);
  if (!met) return "the conditions no longer compile: " + met.problem().detail;
  if (!*met) return "the conditions do not hold for the record";
  if (!changes_hold(rule.conditions, req.changes())) return "the \"changed\" conditions do not hold for the change";
  return std::nullopt;
}

Result<std::optional<Run>> Runner::start(const RunRequest& req, const Rule& rule, const records::ObjectSpec& spec,
                                         const std::string& job_id) {
  std::optional<Run> out;
  Status st = deps_.db.write([&](db::Connection& c) -> Status {
    out.reset();
    if (auto existing = store::find_run(c, rule.workspace_id, rule.id, req.trigger_key())) {
      if (existing->status == "running") out = std::move(*existing);  // a retry: continue it
      return ok_status();
    }
    // Runs of one rule start one at a time, so the rate check counts every run before this one (on
    // SQLite the single writer does this already).
    if (c.dialect() == db::Dialect::Postgres)
      (void)c.scalar("SELECT id FROM automation_rules WHERE workspace_id = ? AND id = ? FOR UPDATE", {rule.workspace_id, rule.id});
    auto current = store::find(c, rule.workspace_id, rule.id);
    if (!current || !current->enabled) return ok_status();
    Run run = req.new_run(*current, job_id);
    const std::string since = clock::format_ms(clock::now_ms() - kRateWindowMs);
    if (store::recent_runs(c, rule.workspace_id, rule.id, req.record_id, since) >= kMaxRunsPerWindow) {
      const std::string reason = "ran " + std::to_string(kMaxRunsPerWindow) + " times within a minute on " +
                                 record_named(c, spec, rule.workspace_id, req.record_id) + "; paused to stop a loop";
      pause(c, *current, reason);
      run.status = "skipped";
      run.reason = "the rule was paused: it " + reason;
    } else if (auto why = refusal(c, req, *current, spec)) {
      run.status = "skipped";
      run.reason = *why;
    }
    if (run.status == "skipped") run.finished_at = run.started_at;
    store::insert_run(c, run);
    if (run.status == "running") out = std::move(run);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return out;
}

jobs::Outcome Runner::run(jobs::JobContext& jc) {
  const jobs::Job& j = jc.job;
  auto req = RunRequest::from_json(j.payload);
  if (!req) return jobs::Outcome::fail("not an automation.run payload");
  auto rule = deps_.db.read([&](db::Connection& c) { return store::find(c, j.workspace_id, req->rule_id); });
  if (!rule) return jobs::Outcome::done();  // deleted since
  const records::ObjectSpec* spec = spec_of(deps_.specs, rule->object_type);
  if (!spec) return jobs::Outcome::fail("no record object " + rule->object_type);
  auto started = start(*req, *rule, *spec, j.id);
  if (!started) return jobs::Outcome::retry("could not start the run: " + started.problem().detail);
  if (!*started) return jobs::Outcome::done();
  Run run = std::move(**started);
  // The definition the run started with, even when the rule changed since.
  if (run.rule_version != rule->version)
    if (auto def = deps_.db.read([&](db::Connection& c) { return store::version(c, j.workspace_id, rule->id, run.rule_version); }))
      if (const auto* a = def->if_contains("actions"); a && a->is_array()) rule->actions = a->as_array();

  identity::Context ctx = server_context(j.workspace_id);
  ctx.automation_actor = "automation:" + rule->id;
  ctx.automation_depth = static_cast<int>(run.depth) + 1;
  ctx.request_id = "job:" + j.id;
  records::Service* svc = deps_.services(spec->object);
  if (!svc) return jobs::Outcome::fail("no record service for " + spec->object);

  for (std::size_t i = run.steps.size(); i < rule->actions.size(); ++i) {
    const json::object& params = rule->actions[i].as_object();
    auto record = deps_.db.read([&](db::Connection& c) { return svc->store().find(c, ctx, run.record_id, true); });
    const Action* action = find_action(params.at("type").as_string());
    Result<json::object> done = Problem::not_found("the record is gone");
    bool committed = false;
    if (record && action) {
      ActionEnv env{.db = deps_.db, .services = deps_.services, .ctx = ctx, .rule = *rule, .index = i, .spec = *spec,
                    .record = *record, .http = &http_, .commit = {}};
      env.commit = [&](db::Connection& c, const json::object& detail) {
        Run progressed = run;
        json::object s = step(i, params, "succeeded");
        s["detail"] = detail;
        progressed.steps.push_back(std::move(s));
        store::update_run(c, progressed);
        committed = true;
      };
      done = action->run(env, params);
    } else if (!action) {
      done = Problem::bad_request("unknown action type");
    }
    if (done) {
      json::object s = step(i, params, "succeeded");
      s["detail"] = *done;
      run.steps.push_back(std::move(s));
      if (committed) continue;
      // An action without a database effect (call_webhook): its step is written now. Should this
      // write fail, a retry runs the action again (at least once, like a webhook delivery).
      Status logged = deps_.db.write([&](db::Connection& c) -> Status {
        store::update_run(c, run);
        return ok_status();
      });
      if (!logged) return jobs::Outcome::retry("could not log step " + std::to_string(i) + ": " + logged.problem().detail);
      continue;
    }
    // The problem's detail, and its first field error when it has one ("... invalid fields:
    // expected_close_date a won or lost deal needs its close date").
    std::string error = done.problem().detail;
    if (!done.problem().errors.empty()) error += ": " + done.problem().errors[0].field + " " + done.problem().errors[0].message;
    json::object s = step(i, params, "failed");
    s["error"] = error;
    json::array field_errors;
    for (const auto& e : done.problem().errors) field_errors.push_back(json::object{{"field", e.field}, {"message", e.message}});
    if (!field_errors.empty()) s["errors"] = std::move(field_errors);
    run.steps.push_back(std::move(s));
    for (std::size_t k = i + 1; k < rule->actions.size(); ++k) run.steps.push_back(step(k, rule->actions[k].as_object(), "not_run"));
    run.status = "failed";
    run.reason = "action " + std::to_string(i) + " (" + std::string(params.at("type").as_string()) + ") failed: " + error;
    break;
  }
  if (run.status == "running") run.status = "succeeded";
  run.finished_at = clock::now_text();
  Status st = jc.finish([&](db::Connection& c) -> Status {
    store::update_run(c, run);
    return ok_status();
  });
  if (!st) return jobs::Outcome::retry(st.problem().detail);
  return jobs::Outcome::done();
}

}  // namespace

jobs::JobType run_job_type(AutomationDeps deps) {
  auto runner = std::make_shared<Runner>(std::move(deps));
  jobs::JobType t;
  t.name = kRunJob;
  t.handler = [runner](jobs::JobContext& jc) { return runner->run(jc); };
  t.max_attempts = 5;
  t.concurrency = 4;
  return t;
}

}  // namespace rapport::automation
