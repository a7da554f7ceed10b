#include "modules/support/kpi_backfill.hpp"

#include <spdlog/spdlog.h>

#include "platform/jobs/enqueue.hpp"

namespace rapport::support {

Status queue_kpi_backfill(db::Database& db) {
  return db.write([](db::Connection& c) -> Status {
    if (has_untimed(c)) jobs::enqueue(c, jobs::NewJob{.type = kKpiBackfillJob, .unique_key = kKpiBackfillJob});
    return ok_status();
  });
}

Result<bool> fill_kpi_durations(db::Database& db, KpiBackfill& walk, const std::stop_token& stop) {
  for (bool more = true; more;) {
    if (stop.stop_requested()) return false;
    Status st = db.write([&](db::Connection& c) -> Status {
      more = fill_kpi_durations_batch(c, walk);
      return ok_status();
    });
    if (!st) return st.take_problem();
  }
  return true;
}

jobs::JobType kpi_backfill_job_type(db::Database& db) {
  jobs::JobType t;
  t.name = kKpiBackfillJob;
  t.handler = [&db](jobs::JobContext& ctx) {
    KpiBackfill walk;
    auto done = fill_kpi_durations(db, walk, ctx.stop);
    if (!done) return jobs::Outcome::retry(done.problem().detail);
    if (walk.filled > 0) spdlog::info("support: timed the KPI durations of {} tickets ({} transactions)", walk.filled, walk.transactions);
    return *done ? jobs::Outcome::done() : jobs::Outcome::release();
  };
  t.max_attempts = 5;
  t.concurrency = 1;
  return t;
}

}  // namespace rapport::support
