// A job as the queue stores it and a handler sees it, what a handler answers, and how each type of
// job is run (retries, concurrency). The queue knows nothing of what a job does: modules register
// a handler per type with the Runner (runner.hpp) and enqueue jobs of that type (enqueue.hpp).
#pragma once
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>

#include "platform/db/database.hpp"

namespace rapport::jobs {

// queued: waiting for run_at; running: leased by one node; then one of the three final states.
inline constexpr const char* kStates[] = {"queued", "running", "succeeded", "dead", "cancelled"};
bool is_state(std::string_view s);

struct Job {
  std::string id;
  std::string workspace_id;  // empty: the installation's own work
  std::string type;
  boost::json::value payload;
  int attempt = 0;            // 1 for the first run
  int priority = 0;
  int64_t created_ms = 0;
};

// What a run of a handler answers.
struct Outcome {
  enum class Kind {
    Done,     // the job succeeded
    Retry,    // it failed; run it again after the type's back-off (or `delay`), unless out of attempts
    Fail,     // it failed for good (bad payload, a record gone): dead at once, whatever attempts remain
    Release,  // not run (the node is stopping): queued again at once, the attempt not counted
  };
  Kind kind = Kind::Done;
  std::string error;
  std::optional<std::chrono::milliseconds> delay;

  static Outcome done() { return {}; }
  static Outcome retry(std::string error, std::optional<std::chrono::milliseconds> delay = std::nullopt) {
    return {Kind::Retry, std::move(error), delay};
  }
  static Outcome fail(std::string error) { return {Kind::Fail, std::move(error), std::nullopt}; }
  static Outcome release() { return {Kind::Release, {}, std::nullopt}; }
};

class JobContext {
 public:
  JobContext(const Job& job, std::stop_token stop, db::Database& db, std::string lease_owner, int64_t started_ms)
      : job(job), stop(std::move(stop)), db_(db), lease_owner_(std::move(lease_owner)), started_ms_(started_ms) {}

  const Job& job;
  // Requested when the node stops: a long handler checks it and answers Outcome::release().
  std::stop_token stop;

  // Runs fn in a write transaction that also marks this job succeeded, so that its effect on the
  // database happens exactly once: when the job is no longer this attempt's (its lease expired and
  // another node took it, or an admin cancelled it) fn's changes roll back and this answers 409.
  // After a successful finish the handler answers Outcome::done() (the queue records nothing more).
  Status finish(const db::Database::WriteFn& fn);
  bool finished() const { return finished_; }

 private:
  db::Database& db_;
  std::string lease_owner_;
  int64_t started_ms_;
  bool finished_ = false;
};

using Handler = std::function<Outcome(JobContext&)>;

struct JobType {
  std::string name;  // e.g. "webhook.deliver"
  Handler handler;
  int max_attempts = 10;
  // Retry n waits min(backoff_max, backoff_base * 2^(n-1)), less a random part of up to half of it
  // (jitter: failures of many jobs at once do not come back at once).
  std::chrono::milliseconds backoff_base{std::chrono::seconds(5)};
  std::chrono::milliseconds backoff_max{std::chrono::hours(1)};
  // Jobs of this type running at once on one node; never more than the node's workers, nor all of
  // them while other types are registered (one worker stays free for those).
  int concurrency = 4;
};

// The wait before retry `attempt` (the attempt that failed) of a job of this type, jitter included.
std::chrono::milliseconds backoff(const JobType& type, int attempt);

}  // namespace rapport::jobs
