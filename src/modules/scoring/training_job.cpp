#include "modules/scoring/training_job.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

#include "modules/scoring/history.hpp"
#include "modules/scoring/model_store.hpp"
#include "platform/clock.hpp"
#include "platform/jobs/enqueue.hpp"
#include "platform/jobs/fan_out.hpp"
#include "platform/jobs/schedules.hpp"

namespace rapport::scoring {
namespace json = boost::json;

namespace {

int64_t since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
}

std::string factors_text(const std::vector<std::string>& factors) {
  std::string out;
  for (const auto& f : factors) {
    if (!out.empty()) out += "; ";
    out += f;
  }
  return out;
}

}  // namespace

// Closed records keep no score: it was a forecast of what is now known.
void clear_closed_scores(db::Connection& c, const std::string& ws, std::string_view object) {
  if (object == "leads")
    c.prepare("UPDATE leads SET score = NULL, score_factors = NULL WHERE workspace_id = ? AND score IS NOT NULL "
              "AND (converted_at IS NOT NULL OR status = 'unqualified')")
        .bind_all({ws})
        .run();
  else
    c.prepare("UPDATE deals SET score = NULL, score_factors = NULL WHERE workspace_id = ? AND score IS NOT NULL "
              "AND stage_id IN (SELECT id FROM pipeline_stages WHERE workspace_id = ? AND type <> 'open')")
        .bind_all({ws, ws})
        .run();
}

void write_scores(db::Connection& c, const std::string& workspace_id, std::string_view object,
                  const std::vector<const Example*>& rows, const std::vector<Scored>& scored) {
  auto& up = c.prepare("UPDATE " + std::string(object) + " SET score = ?, score_factors = ? WHERE workspace_id = ? AND id = ?");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    up.bind_all({int64_t{scored[i].score}, factors_text(scored[i].factors), workspace_id, rows[i]->id});
    up.step();
    up.reset();
  }
}

std::size_t score_open(db::Database& db, const std::string& workspace_id, std::string_view object) {
  const std::string table(object);  // leads or deals (is_scored), never request text
  auto active = db.read([&](db::Connection& c) { return load_active(c, workspace_id, object); });
  if (!active) {
    auto st = db.write([&](db::Connection& c) -> Status {
      c.prepare("UPDATE " + table + " SET score = NULL, score_factors = NULL WHERE workspace_id = ? AND score IS NOT NULL")
          .bind_all({workspace_id})
          .run();
      return ok_status();
    });
    if (!st) throw std::runtime_error("scoring: " + st.problem().detail);
    return 0;
  }
  auto open = db.read([&](db::Connection& c) { return load_history(c, workspace_id, object, true, clock::now_ms(), kMaxScoredRows); });
  for (std::size_t from = 0; from < open.records.size(); from += kScoreBatch) {
    std::vector<const Example*> rows;
    for (std::size_t i = from; i < open.records.size() && i < from + kScoreBatch; ++i) rows.push_back(&open.records[i]);
    auto scored = score(active->model, rows);
    auto st = db.write([&](db::Connection& c) -> Status {
      write_scores(c, workspace_id, object, rows, scored);
      if (from == 0) clear_closed_scores(c, workspace_id, object);
      return ok_status();
    });
    if (!st) throw std::runtime_error("scoring: " + st.problem().detail);
  }
  if (open.records.empty()) {
    auto st = db.write([&](db::Connection& c) -> Status {
      clear_closed_scores(c, workspace_id, object);
      return ok_status();
    });
    if (!st) throw std::runtime_error("scoring: " + st.problem().detail);
  }
  return open.records.size();
}

RunFigures train_and_score(db::Database& db, const std::string& workspace_id, std::string_view object) {
  RunFigures f;
  auto t0 = std::chrono::steady_clock::now();
  auto [history, previous] = db.read([&](db::Connection& c) {
    return std::make_pair(load_history(c, workspace_id, object, false, clock::now_ms(), kMaxTrainingRows), load_active(c, workspace_id, object));
  });
  f.read_ms = since(t0);
  f.closed = history.records.size();
  t0 = std::chrono::steady_clock::now();
  TrainResult r = train(history.records, history.labels, previous ? &previous->model : nullptr, std::string(object));
  if (history.records.size() >= kMaxTrainingRows) r.evaluation["data"].as_object()["capped_at"] = static_cast<int64_t>(kMaxTrainingRows);
  f.train_ms = since(t0);
  f.outcome = r.outcome;
  auto st = db.write([&](db::Connection& c) -> Status {
    store_run(c, workspace_id, object, r, clock::now_text());
    return ok_status();
  });
  if (!st) throw std::runtime_error("scoring: " + st.problem().detail);
  t0 = std::chrono::steady_clock::now();
  f.scored = score_open(db, workspace_id, object);
  f.score_ms = since(t0);
  return f;
}

jobs::JobType train_job_type(db::Database& db) {
  jobs::JobType t;
  t.name = kTrainJob;
  t.handler = [&db](jobs::JobContext& job) {
    std::vector<std::string> objects;
    const auto* list = job.job.payload.is_object() ? job.job.payload.as_object().if_contains("objects") : nullptr;
    if (list && list->is_array())
      for (const auto& o : list->as_array())
        if (o.is_string() && is_scored(o.as_string())) objects.emplace_back(o.as_string());
    if (objects.empty()) return jobs::Outcome::fail("payload.objects must name leads or deals");
    for (const auto& object : objects) {
      if (job.stop.stop_requested()) return jobs::Outcome::release();
      auto f = train_and_score(db, job.job.workspace_id, object);
      spdlog::info("scoring: {} of workspace {}: {} closed records, {} (read {} ms, train {} ms); {} open records scored in {} ms",
                   object, job.job.workspace_id, f.closed, f.outcome, f.read_ms, f.train_ms, f.scored, f.score_ms);
    }
    return jobs::Outcome::done();
  };
  t.max_attempts = 3;
  t.concurrency = 1;  // one training at a time on a node: bounded CPU and memory
  return t;
}

std::string enqueue_training(db::Connection& c, const std::string& workspace_id, const std::vector<std::string>& objects) {
  json::array list;
  for (const auto& o : objects) list.emplace_back(o);
  std::string key = "scoring";
  for (const auto& o : objects) {
    key += ':';
    key += o;
  }
  return jobs::enqueue(c, {.type = kTrainJob, .payload = json::object{{"objects", std::move(list)}}, .workspace_id = workspace_id,
                           .unique_key = std::move(key)});
}

jobs::JobType schedule_job_type(db::Database& db) {
  return jobs::fan_out_job_type(db, kScheduleJob, "SELECT id FROM workspaces ORDER BY id", [](db::Connection& c, const std::string& ws) {
    enqueue_training(c, ws, {"leads", "deals"});
  });
}

Status install_schedule(db::Database& db) { return jobs::install_schedule(db, kScheduleJob, kScheduleCron); }

}  // namespace rapport::scoring
