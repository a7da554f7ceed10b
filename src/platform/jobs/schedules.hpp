// Recurring jobs: a named schedule per workspace (or of the installation) that enqueues a job of its
// type each time its cron expression, read in its time zone, comes due (cron.hpp). The Runner fires
// due schedules about every second on each node; a schedule's row is claimed (SKIP LOCKED on
// PostgreSQL, the single writer on SQLite) and moved to its next time in the transaction that
// enqueues its job, so each period enqueues one job whichever node fires it, and the job's unique
// key (the schedule and the period) makes a second one impossible anyway.
//
// Missed periods (no node ran, or the queue was stopped): the schedule fires once, for the latest
// period missed, and continues from the next period after now. A job that must make up for each
// missed period reads `scheduled_for` in its payload and the previous run's time itself.
#pragma once
#include <boost/json.hpp>
#include <string>

#include "platform/db/connection.hpp"
#include "platform/db/database.hpp"
#include "platform/problem.hpp"

namespace rapport::jobs {

struct Schedule {
  std::string workspace_id;  // empty: the installation's own
  std::string name;          // unique in the workspace, 1 to 200 characters
  std::string type;          // the job type enqueued
  boost::json::object payload;
  std::string cron;
  std::string time_zone = "UTC";
};

// Creates the schedule, or replaces the one of that name (its next time computed afresh from
// `now_ms`); returns its id. 422 naming `cron` or `time_zone` when they are not valid.
Result<std::string> put_schedule(db::Connection& c, const Schedule& s, int64_t now_ms);
// The installation's own schedule (no workspace, UTC) named after the job type it enqueues, created
// or replaced in its own transaction: what a module writes at start-up (every node the same).
Status install_schedule(db::Database& db, const std::string& type, const std::string& cron);
// Removes the schedule of that name; false when there is none.
bool remove_schedule(db::Connection& c, const std::string& workspace_id, const std::string& name);
// Enqueues one job for each schedule due at `now_ms` (at most `limit`), its payload the schedule's
// with "scheduled_for" (the period's time, RFC 3339) added, and moves each to its next time.
// Returns how many it fired.
int fire_due(db::Connection& c, int64_t now_ms, int limit = 100);

}  // namespace rapport::jobs
