#include "platform/jobs/schedules.hpp"

#include <spdlog/spdlog.h>

#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/jobs/cron.hpp"
#include "platform/jobs/enqueue.hpp"

namespace rapport::jobs {

Result<std::string> put_schedule(db::Connection& c, const Schedule& s, int64_t now_ms) {
  if (s.name.empty() || s.name.size() > 200) return Problem::invalid({{"name", "length", "must have 1 to 200 characters"}});
  auto cron = parse_cron(s.cron, "cron");
  if (!cron) return cron.take_problem();
  auto zone = time_zone(s.time_zone, "time_zone");
  if (!zone) return zone.take_problem();
  auto next = next_after(*cron, *zone, now_ms);
  if (!next) return Problem::invalid({{"cron", "never_fires", "does not fire again before the year 10000"}});
  const std::string now = clock::format_ms(now_ms);
  const db::Value workspace = s.workspace_id.empty() ? db::Value(nullptr) : db::Value(s.workspace_id);
  // One upsert, not a read then a write: nodes started together all write the same schedule, and
  // the loser of the race must update the winner's row, not fail on the unique index.
  c.prepare(
       "INSERT INTO job_schedules (id, workspace_id, name, type, payload, cron, time_zone, next_run_at, created_at, updated_at) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (COALESCE(workspace_id, ''), name) DO UPDATE SET type = excluded.type, "
       "payload = excluded.payload, cron = excluded.cron, time_zone = excluded.time_zone, next_run_at = excluded.next_run_at, "
       "updated_at = excluded.updated_at")
      .bind_all({ids::uuid_v7(), workspace, s.name, s.type, boost::json::serialize(s.payload), cron->text(), zone->id(),
                 clock::format_ms(*next), now, now})
      .run();
  return std::get<std::string>(
      c.scalar("SELECT id FROM job_schedules WHERE COALESCE(workspace_id, '') = ? AND name = ?", {s.workspace_id, s.name}));
}

Status install_schedule(db::Database& db, const std::string& type, const std::string& cron) {
  return db.write([&](db::Connection& c) -> Status {
    auto id = put_schedule(c, {.workspace_id = "", .name = type, .type = type, .payload = {}, .cron = cron, .time_zone = "UTC"},
                           clock::now_ms());
    if (!id) return id.take_problem();
    return ok_status();
  });
}

bool remove_schedule(db::Connection& c, const std::string& workspace_id, const std::string& name) {
  c.prepare("DELETE FROM job_schedules WHERE COALESCE(workspace_id, '') = ? AND name = ?").bind_all({workspace_id, name}).run();
  return c.changes() > 0;
}

int fire_due(db::Connection& c, int64_t now_ms, int limit) {
  const std::string now = clock::format_ms(now_ms);
  std::string sql =
      "SELECT id, workspace_id, type, payload, cron, time_zone, next_run_at FROM job_schedules WHERE next_run_at <= ? "
      "ORDER BY next_run_at LIMIT ?";
  if (c.dialect() == db::Dialect::Postgres) sql += " FOR UPDATE SKIP LOCKED";
  struct Due {
    std::string id, workspace_id, type, payload, cron, zone, at;
  };
  std::vector<Due> due;
  auto& st = c.prepare(sql);
  st.bind_all({now, int64_t{limit}});
  while (st.step())
    due.push_back({st.text(0), st.is_null(1) ? "" : st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6)});
  st.reset();
  int fired = 0;
  for (const auto& d : due) {
    auto cron = parse_cron(d.cron);
    auto zone = time_zone(d.zone);
    std::optional<int64_t> next;
    if (cron && zone) next = next_after(*cron, *zone, now_ms);
    if (!next) {
      // Stored by put_schedule, so valid when written; an ICU update may drop a zone. Kept, far away.
      spdlog::error("jobs: schedule {} ({} in {}) cannot be computed any more; it will not fire", d.id, d.cron, d.zone);
      c.prepare("UPDATE job_schedules SET next_run_at = '9999-12-31T00:00:00.000Z', updated_at = ? WHERE id = ?").bind_all({now, d.id}).run();
      continue;
    }
    boost::system::error_code ec;
    boost::json::value payload = boost::json::parse(d.payload, ec);
    boost::json::object p = !ec && payload.is_object() ? payload.as_object() : boost::json::object{};
    p["scheduled_for"] = d.at;
    const std::string job = enqueue(c, {.type = d.type, .payload = std::move(p), .workspace_id = d.workspace_id, .unique_key = "schedule:" + d.id + ":" + d.at});
    c.prepare("UPDATE job_schedules SET next_run_at = ?, last_run_at = ?, last_job_id = ?, updated_at = ? WHERE id = ?")
        .bind_all({clock::format_ms(*next), d.at, job.empty() ? db::Value(nullptr) : db::Value(job), now, d.id})
        .run();
    ++fired;
  }
  return fired;
}

}  // namespace rapport::jobs
