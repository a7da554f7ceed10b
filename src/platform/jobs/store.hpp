// The queue's state changes in SQL, each run in the caller's write transaction (the Runner batches
// several into one commit). Every change to a running job is guarded by its lease: the node that
// holds it (lease_owner) and the attempt it runs (attempts). A node whose lease expired, or whose job
// an admin cancelled, changes nothing: the job's later truth wins.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/jobs/job.hpp"

namespace rapport::jobs::store {

// Claims up to `limit` due jobs of one type, best priority then oldest run_at first, for `owner`
// until `lease_until_ms`. On PostgreSQL rows other nodes are claiming are skipped (SKIP LOCKED).
std::vector<Job> claim(db::Connection& c, const std::string& type, int limit, const std::string& owner, int64_t now_ms,
                       int64_t lease_until_ms);

// How one attempt ended, as the Runner reports it.
struct Finished {
  std::string id;
  std::string type;
  int attempt = 0;
  Outcome outcome;
  int64_t started_ms = 0;
  int64_t finished_ms = 0;
};

// Applies an attempt's outcome under its lease: succeeded; queued again after `retry_delay_ms` or
// dead when out of attempts (max_attempts of its type) or failed for good; handed back (Release:
// queued at once, the attempt not counted). A failed attempt is recorded in job_attempts; the
// successful one is the job's row (lease_owner, started_at, finished_at), read back as the last
// attempt by admin::read_job. Returns false when the lease was no longer this attempt's (nothing
// changed).
bool record(db::Connection& c, const std::string& owner, const Finished& f, int max_attempts, int64_t retry_delay_ms);

// Marks a running job succeeded under its lease and records the attempt (JobContext::finish).
bool succeed(db::Connection& c, const std::string& owner, const std::string& id, int attempt, int64_t started_ms,
             int64_t now_ms);

// Extends the lease of every job `owner` holds.
int64_t renew(db::Connection& c, const std::string& owner, int64_t lease_until_ms);

// A job whose lease ran out (its node died or lost the database): queued again after the back-off,
// or dead when out of attempts; the attempt is recorded as lease_expired.
struct Expired {
  std::string id;
  std::string type;
  int attempt = 0;
};
// Takes up to `limit` expired leases; `policy` gives (max_attempts, retry delay in ms) for a type
// and attempt. Returns what it took.
std::vector<Expired> reap(db::Connection& c, int64_t now_ms, int limit,
                          const std::function<std::pair<int, int64_t>(const std::string& type, int attempt)>& policy);

// The earliest run_at of a queued job of these types (epoch ms), if any.
std::optional<int64_t> next_due(db::Connection& c, const std::vector<std::string>& types);

}  // namespace rapport::jobs::store
