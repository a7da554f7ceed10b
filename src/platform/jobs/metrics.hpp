// The job queue on /metrics: the queue's depth per state and type and the age of the oldest due job
// (read from the database at scrape time, so every node reports the whole queue), and this node's
// runs per type and outcome, dead letters and run time histogram (docs/operations.md).
#pragma once
#include "platform/db/database.hpp"
#include "platform/jobs/runner.hpp"
#include "platform/metrics.hpp"

namespace rapport::jobs {

void add_metrics(Metrics& metrics, db::Database& db, const Runner& runner);

}  // namespace rapport::jobs
