#include "modules/scoring/refresh_job.hpp"

#include <unordered_set>

#include <spdlog/spdlog.h>

#include "modules/scoring/history.hpp"
#include "modules/scoring/model_store.hpp"
#include "modules/scoring/training_job.hpp"
#include "platform/clock.hpp"
#include "platform/jobs/enqueue.hpp"
#include "platform/jobs/fan_out.hpp"
#include "platform/jobs/schedules.hpp"

namespace rapport::scoring {
namespace json = boost::json;

namespace {

// The start of the workspace's last successful run that scored the object's open records: a
// refresh, or a training of that object (its payload names it). None: the active model's training.
std::string last_scored(db::Connection& c, const std::string& ws, std::string_view object) {
  std::string named = "%\"";
  named += object;
  named += "\"%";
  auto run = c.scalar("SELECT MAX(started_at) FROM jobs WHERE workspace_id = ? AND state = 'succeeded' AND "
                      "(type = ? OR (type = ? AND payload LIKE ?))",
                      {ws, std::string(kRefreshJob), std::string(kTrainJob), named});
  if (auto* s = std::get_if<std::string>(&run)) return *s;
  auto trained = c.scalar("SELECT MAX(trained_at) FROM scoring_models WHERE workspace_id = ? AND object_type = ? AND outcome = 'active'",
                          {ws, std::string(object)});
  if (auto* s = std::get_if<std::string>(&trained)) return *s;
  return "";
}

// The records whose facts changed since `since`: their own row, or an activity linked to them
// (added or changed: its updated_at; deleted: its deleted_at). Each part reads an index.
std::unordered_set<std::string> changed_since(db::Connection& c, const std::string& ws, std::string_view object,
                                              const std::string& since) {
  const std::string table(object);  // leads or deals (is_scored), never request text
  auto& st = c.prepare("SELECT id FROM " + table + " WHERE workspace_id = ? AND deleted_at IS NULL AND updated_at > ? "
                       "UNION SELECT l.target_id FROM activities a JOIN activity_links l ON l.activity_id = a.id "
                       "WHERE a.workspace_id = ? AND a.deleted_at IS NULL AND a.updated_at > ? AND l.target_type = ? "
                       "UNION SELECT l.target_id FROM activities a JOIN activity_links l ON l.activity_id = a.id "
                       "WHERE a.workspace_id = ? AND a.deleted_at > ? AND l.target_type = ? LIMIT ?");
  st.bind_all({ws, since, ws, since, table, ws, since, table, static_cast<int64_t>(kMaxRefreshed)});
  std::unordered_set<std::string> out;
  while (st.step()) out.insert(st.text(0));
  st.reset();
  return out;
}

}  // namespace

std::size_t refresh_changed(db::Database& db, const std::string& workspace_id, std::string_view object) {
  std::optional<ActiveModel> active;
  std::unordered_set<std::string> changed;
  History open;
  db.read([&](db::Connection& c) {
    active = load_active(c, workspace_id, object);
    if (!active) return;  // scoring is off: the training cleared the scores
    changed = changed_since(c, workspace_id, object, last_scored(c, workspace_id, object));
    if (!changed.empty()) open = load_history(c, workspace_id, object, true, clock::now_ms(), kMaxScoredRows);
  });
  std::vector<const Example*> rows;
  for (const auto& e : open.records)
    if (changed.count(e.id)) rows.push_back(&e);
  if (changed.empty()) return 0;
  // A record closed since keeps no score: cleared with the others' new ones.
  auto scored = rows.empty() ? std::vector<Scored>{} : score(active->model, rows);
  auto st = db.write([&](db::Connection& c) -> Status {
    write_scores(c, workspace_id, object, rows, scored);
    clear_closed_scores(c, workspace_id, object);
    return ok_status();
  });
  if (!st) throw std::runtime_error("scoring refresh: " + st.problem().detail);
  return rows.size();
}

std::string enqueue_refresh(db::Connection& c, const std::string& workspace_id) {
  return jobs::enqueue(c, {.type = kRefreshJob, .payload = json::object{}, .workspace_id = workspace_id,
                           .unique_key = std::string("scoring-refresh")});
}

jobs::JobType refresh_job_type(db::Database& db) {
  jobs::JobType t;
  t.name = kRefreshJob;
  t.handler = [&db](jobs::JobContext& job) {
    for (const char* object : kObjects) {
      if (job.stop.stop_requested()) return jobs::Outcome::release();
      std::size_t n = refresh_changed(db, job.job.workspace_id, object);
      if (n > 0) spdlog::info("scoring: {} changed {} of workspace {} rescored", n, object, job.job.workspace_id);
    }
    return jobs::Outcome::done();
  };
  t.max_attempts = 3;
  t.concurrency = 1;  // with the training's, bounded CPU on a node
  return t;
}

jobs::JobType refresh_due_job_type(db::Database& db) {
  // Only workspaces with a model scoring something: the others have no score to refresh.
  return jobs::fan_out_job_type(db, kRefreshDueJob,
                                "SELECT DISTINCT workspace_id FROM scoring_models WHERE outcome = 'active' ORDER BY workspace_id",
                                [](db::Connection& c, const std::string& ws) { enqueue_refresh(c, ws); });
}

Status install_refresh_schedule(db::Database& db) { return jobs::install_schedule(db, kRefreshDueJob, kRefreshCron); }

}  // namespace rapport::scoring
