// Scores kept fresh between the nightly trainings: every hour (scoring.refresh_due, at ten past),
// each workspace with an active model gets a scoring.refresh job, which rescores with the model in
// place the open leads and deals whose facts changed since the workspace's last scoring run (the
// start of its last successful scoring.train or scoring.refresh): the record itself changed
// (updated_at), or an activity linked to it was added, changed or deleted. At most
// kMaxRefreshed records of an object a run (those beyond wait for the nightly run, which rescores
// everything, as facts that change with time alone, days since the last activity, need); a
// workspace where nothing changed costs two indexed queries. POST /api/v1/scoring/refresh runs one now.
#pragma once
#include <string>
#include <string_view>

#include "platform/db/database.hpp"
#include "platform/jobs/job.hpp"

namespace rapport::scoring {

inline constexpr const char* kRefreshJob = "scoring.refresh";
inline constexpr const char* kRefreshDueJob = "scoring.refresh_due";
inline constexpr const char* kRefreshCron = "10 * * * *";  // hourly
inline constexpr std::size_t kMaxRefreshed = 5'000;        // records of an object rescored a run at most

// Rescores the object's open records changed since the workspace's last scoring run; returns how
// many (0 while scoring is off).
std::size_t refresh_changed(db::Database& db, const std::string& workspace_id, std::string_view object);

// Enqueues a refresh of the workspace (both objects) in the caller's transaction, one pending a
// workspace; returns the job's id.
std::string enqueue_refresh(db::Connection& c, const std::string& workspace_id);

jobs::JobType refresh_job_type(db::Database& db);
jobs::JobType refresh_due_job_type(db::Database& db);
Status install_refresh_schedule(db::Database& db);

}  // namespace rapport::scoring
