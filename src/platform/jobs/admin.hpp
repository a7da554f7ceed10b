// What an operator does with jobs, shared by /api/v1/jobs (routes.cpp, one workspace's jobs) and
// `rapport jobs` (app/jobs_command.cpp, every workspace's and the installation's): read a job with
// its payload and attempts, list jobs, retry a dead or cancelled one, cancel a pending one.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>

#include "platform/db/connection.hpp"
#include "platform/problem.hpp"

namespace rapport::jobs::admin {

// Which jobs a caller may act on: one workspace's (the API), or all of them (the command line).
struct Scope {
  std::optional<std::string> workspace_id;  // nullopt: every workspace and the installation's own
};

// The job's columns as the API shows them (no payload), in this order, for SELECT lists.
extern const char* const kColumns;
boost::json::object job_of(const db::Statement& row);

// The job with "payload" and "attempt_log", or nullopt when the scope has no such job.
std::optional<boost::json::object> read_job(db::Connection& c, const Scope& scope, const std::string& id);

// Queues a dead or cancelled job again at once, its type's attempts counting afresh; cancels a queued
// or running one. Answers the job as read_job does, with the state before the change in `before`.
// 404 outside the scope, 409 naming the state when it does not allow the change (or, for a retry,
// when another job with its unique key is pending).
struct Changed {
  boost::json::object job;
  std::string before;
};
Result<Changed> retry(db::Connection& c, const Scope& scope, const std::string& id, int64_t now_ms);
Result<Changed> cancel(db::Connection& c, const Scope& scope, const std::string& id, int64_t now_ms);

}  // namespace rapport::jobs::admin
