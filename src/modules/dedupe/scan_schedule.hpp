// The recurring duplicates scan: an installation schedule (daily, 03:17 UTC) whose dedupe.scan_due
// job enqueues a dedupe.scan (scan.hpp) for each workspace and object whose live records changed
// since that object's last successful scan. The cost of a run is one indexed MAX(updated_at) per
// workspace and object, and the scans themselves are bounded (blocking keys, at most kMaxPairs pairs)
// and run one at a time (the scan type's concurrency); an unchanged workspace costs no scan.
#pragma once
#include <cstddef>
#include <string>

#include "platform/db/database.hpp"
#include "platform/jobs/job.hpp"

namespace rapport::dedupe {

inline constexpr const char* kScanDueJob = "dedupe.scan_due";
inline constexpr const char* kScanDueCron = "17 3 * * *";

// Enqueues the scans due now; returns how many it enqueued (the job's work, also the tests').
std::size_t enqueue_due_scans(db::Database& db);

jobs::JobType scan_due_job_type(db::Database& db);
// Writes the installation's schedule (start-up; every node the same).
Status install_scan_schedule(db::Database& db);

}  // namespace rapport::dedupe
