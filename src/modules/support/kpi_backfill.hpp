// Timing the tickets answered or solved before their KPI durations were stored (migration 0050; see
// kpi_durations.hpp) in the background: at start-up, when any ticket is untimed, the server queues
// one installation-wide support.kpi_backfill job (one pending at a time) and listens at once; the
// job walks the untimed tickets by id in transactions of kKpiBackfillBatch (about 4 minutes at a
// million tickets, docs/benchmarks.md "Support KPIs"), letting other writers in between, and gives
// up its run when the node stops (queued again, it starts its walk over: the done ones have left
// the partial index). Meanwhile the report times the untimed tickets of its range itself
// (kpi_report.cpp), so its figures do not depend on how far the walk has got.
#pragma once
#include <cstdint>

#include "modules/support/kpi_durations.hpp"
#include "platform/db/database.hpp"
#include "platform/jobs/job.hpp"

namespace rapport::support {

inline constexpr const char* kKpiBackfillJob = "support.kpi_backfill";

// Queues the backfill when a ticket is untimed (nothing when none is, or when one is pending).
Status queue_kpi_backfill(db::Database& db);

// Times every untimed ticket, a transaction per batch, until none is left or `stop` is requested
// (then false). The walk's figures in `walk`.
Result<bool> fill_kpi_durations(db::Database& db, KpiBackfill& walk, const std::stop_token& stop = {});

jobs::JobType kpi_backfill_job_type(db::Database& db);

}  // namespace rapport::support
