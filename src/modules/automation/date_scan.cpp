#include "modules/automation/date_scan.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "access/workspace_settings.hpp"
#include "modules/automation/automation_store.hpp"
#include "modules/automation/date_window.hpp"
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

using clock::kDayMs;

jobs::TimeZone zone_of(db::Connection& c, const std::string& workspace_id) {
  auto zone = jobs::time_zone(access::workspace_time_zone(c, workspace_id));
  return zone ? *zone : *jobs::time_zone("UTC");
}

// Scans one rule in the caller's transaction: enqueues its runs and moves its mark. Returns the count.
int scan_rule(db::Connection& c, const std::vector<const records::ObjectSpec*>& specs, store::ScanMark mark, int64_t now_ms) {
  auto rule = store::find(c, mark.workspace_id, mark.rule_id);
  if (!rule || !rule->enabled) return 0;
  const int64_t to = mark.until ? clock::parse_datetime(*mark.until).value_or(now_ms) : now_ms;
  const int64_t from = std::max(clock::parse_datetime(mark.watermark).value_or(to), to - kMaxScanWindowDays * kDayMs);
  auto close_window = [&] {
    mark.watermark = clock::format_ms(std::max(to, clock::parse_datetime(mark.watermark).value_or(to)));
    mark.until.reset();
    mark.cursor.reset();
    store::save_scan(c, mark);
  };
  const auto trigger = DateTrigger::from_json(rule->trigger);
  const records::ObjectSpec* spec = spec_of(specs, rule->object_type);
  const auto defs = spec ? records::load_custom_fields(c, rule->workspace_id, spec->object) : std::vector<records::CustomFieldDef>{};
  const auto field = trigger && spec ? date_field(*spec, defs, trigger->field, c.dialect()) : std::nullopt;
  const auto range = field ? fire_range(*trigger, zone_of(c, rule->workspace_id), field->date_time, from, to) : std::nullopt;
  if (!range) {
    if (!field) spdlog::warn("automation {}: its date field {} is gone; nothing to scan", rule->id, trigger ? trigger->field : "?");
    close_window();
    return 0;
  }
  records::ListParams params;
  params.filters = {{trigger->field, "gte", range->low}, {trigger->field, field->date_time ? "lt" : "lte", range->high}};
  auto q = records::compile_list(*spec, defs, params, c.dialect(), rule->workspace_id);
  if (!q) {
    spdlog::error("automation {}: the date scan's filters do not compile: {}", rule->id, q.problem().detail);
    close_window();
    return 0;
  }
  // spec->object is the table and field->sql the spec's column or custom expression, never request
  // text. Paged by id: a window continued by the next scan resumes after the last id it took.
  std::string sql = "SELECT id, " + field->sql + " FROM " + spec->object + " WHERE workspace_id = ? AND deleted_at IS NULL" + q->where;
  std::vector<db::Value> binds{rule->workspace_id};
  binds.insert(binds.end(), q->params.begin(), q->params.end());
  if (mark.cursor) {
    sql += " AND id > ?";
    binds.emplace_back(*mark.cursor);
  }
  sql += " ORDER BY id LIMIT ?";
  binds.emplace_back(int64_t{kScanRecordsPerRule + 1});  // one more tells the window has more
  std::vector<std::pair<std::string, std::string>> due;   // (record, value)
  auto& st = c.prepare(sql);
  st.bind_all(binds);
  while (st.step()) due.emplace_back(st.text(0), st.text(1));
  st.reset();
  const bool more = due.size() > static_cast<std::size_t>(kScanRecordsPerRule);
  if (more) due.resize(kScanRecordsPerRule);
  for (const auto& [record, value] : due) {
    RunRequest req{.rule_id = rule->id, .event_id = 0, .event_type = "date_relative", .record_id = record, .depth = 0,
                   .event = json::object{{"field", trigger->field}, {"value", value}}, .time_key = "date:" + value};
    jobs::enqueue(c, {.type = kRunJob, .payload = req.to_json(), .workspace_id = rule->workspace_id,
                      .unique_key = rule->id + ":" + req.trigger_key()});
  }
  if (more) {
    mark.until = clock::format_ms(to);
    mark.cursor = due.back().first;
    store::save_scan(c, mark);
  } else {
    close_window();
  }
  return static_cast<int>(due.size());
}

}  // namespace

int scan_dates(db::Database& db, const std::vector<const records::ObjectSpec*>& specs, int64_t now_ms) {
  auto marks = db.read([](db::Connection& c) { return store::scan_marks(c); });
  int enqueued = 0;
  for (const auto& m : marks) {
    Status st = db.write([&](db::Connection& c) -> Status {
      // Re-read inside the transaction: another node's scan, or an admin, may have moved it.
      if (auto now = store::scan_mark(c, m.workspace_id, m.rule_id)) enqueued += scan_rule(c, specs, std::move(*now), now_ms);
      return ok_status();
    });
    if (!st) spdlog::error("automation {}: the date scan failed: {}", m.rule_id, st.problem().detail);
  }
  return enqueued;
}

jobs::JobType date_scan_job_type(db::Database& db, std::vector<const records::ObjectSpec*> specs) {
  jobs::JobType t;
  t.name = kDateScanJob;
  t.handler = [&db, specs = std::move(specs)](jobs::JobContext&) {
    const int n = scan_dates(db, specs, clock::now_ms());
    if (n > 0) spdlog::info("automation: the date scan started {} runs", n);
    return jobs::Outcome::done();
  };
  t.max_attempts = 3;
  t.concurrency = 1;
  return t;
}

Status install_date_scan(db::Database& db) { return jobs::install_schedule(db, kDateScanJob, kDateScanCron); }

}  // namespace rapport::automation
