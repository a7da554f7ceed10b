// Adding a job: inside the write transaction of the change that causes it, so that a rolled-back
// change enqueues nothing and a committed one cannot lose its job. Nodes wake up for it after the
// commit: this process through wakeups() (the Runner compares it in the database's commit hook), the
// other nodes of a PostgreSQL installation through NOTIFY rapport_jobs, which PostgreSQL delivers
// only if the transaction commits (sent at most every 10 ms from a process: enqueue.cpp says why).
#pragma once
#include <atomic>
#include <boost/json.hpp>
#include <optional>
#include <string>

#include "platform/db/connection.hpp"

namespace rapport::jobs {

inline constexpr const char* kNotifyChannel = "rapport_jobs";

struct NewJob {
  std::string type;
  boost::json::value payload = boost::json::object{};
  std::string workspace_id;         // empty: the installation's own work
  std::optional<int64_t> run_at_ms;  // default: now
  int priority = 0;                 // higher first, among jobs of its type
  // At most one queued or running job per key (within its workspace): enqueueing another while one
  // is pending adds nothing and answers the pending job's id. Empty: no key.
  std::string unique_key;
};

// Adds the job in the caller's transaction; returns its id, or the pending job's (see unique_key):
// empty in the rare case where that job finished between the insert and the lookup.
std::string enqueue(db::Connection& c, const NewJob& job);

// Increases with every enqueue in this process (committed or not): a cheap "maybe new jobs" signal.
uint64_t wakeups();

}  // namespace rapport::jobs
