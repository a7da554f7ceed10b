// A node's job runner: one dispatcher thread that talks to the database and a pool of worker threads
// that run handlers (never an I/O thread of the HTTP server).
//
// The dispatcher's pass is one write transaction: it records the outcomes the workers reported since
// the last pass, renews this node's leases when they are a third used, and claims due jobs of each
// registered type up to what the node may hold (the type's concurrency running, as many again
// waiting); under load one commit thus carries many jobs. It passes again when a worker reports,
// when a job is enqueued (this process: the database's commit hook calls on_commit(); other nodes:
// nudge() from LISTEN rapport_jobs), when the next queued job becomes due, and at least every `poll`
// (jobs left by another node). Expired leases of any node are reaped, and due schedules fired
// (schedules.hpp), every `reap_every`.
//
// Delivery is at least once: a node that dies mid-job leaves it running until its lease expires,
// then another attempt runs it. Handlers are idempotent, or make their database effect with
// JobContext::finish, which commits it together with the job's success under its lease.
//
// stop() stops claiming, asks running handlers to stop (JobContext::stop), hands the jobs that had
// not started back to the queue at once, waits for the running handlers and records their outcomes.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/jobs/job.hpp"
#include "platform/jobs/store.hpp"

namespace rapport::jobs {

struct RunnerOptions {
  int workers = 4;
  std::chrono::milliseconds lease{std::chrono::seconds(30)};
  std::chrono::milliseconds poll{std::chrono::seconds(1)};
  std::chrono::milliseconds reap_every{std::chrono::seconds(1)};
  std::chrono::milliseconds retry_after{std::chrono::seconds(1)};  // after a pass failed (database down)
  std::string node;  // this node's name in leases and attempts; default host:pid:random
};

// Counts since start, per type (for /metrics).
struct TypeStats {
  uint64_t succeeded = 0, failed = 0, dead = 0, lost = 0;  // lost: the lease was no longer ours
  // Run time of each attempt, in the buckets of Metrics::kBuckets (+Inf last).
  std::vector<uint64_t> buckets;
  double seconds = 0;
};

class Runner {
 public:
  Runner(db::Database& db, RunnerOptions opts = {});
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Before start(): the types this node runs. A type not added here is never claimed by this node.
  void add_type(JobType type);
  void start();
  // Asks the running jobs to stop (JobContext::stop: a long handler answers Outcome::release()) and
  // claims nothing more; does not wait. The server calls it as soon as it is told to stop, so that a
  // long job (an import) hands itself back while the HTTP server drains, instead of running on
  // (or to its end) until stop() is reached.
  void request_stop();
  // request_stop(), then waits for the running jobs and hands back those claimed but not started.
  void stop();

  // There may be new jobs: pass soon. Cheap; any thread.
  void nudge();
  // Called after every commit of this process: nudges when enqueue() ran since the last call.
  void on_commit();

  const std::string& node() const { return opts_.node; }
  std::vector<std::string> types() const;
  std::map<std::string, TypeStats> stats() const;
  uint64_t passes() const { return passes_.load(std::memory_order_relaxed); }

 private:
  struct Claimed {
    Job job;
    int64_t claimed_ms = 0;
  };
  struct TypeState {
    JobType type;
    int limit = 0;    // running at once: its concurrency, within the workers less one when other types exist
    int held = 0;     // claimed by this node and not yet recorded (waiting or running)
    int running = 0;
    TypeStats stats;
  };

  void dispatch_loop();
  void work_loop();
  // One write transaction: outcomes, lease renewal, claims. Returns the types that had room and
  // found fewer due jobs than that.
  std::vector<std::string> pass(std::vector<store::Finished>& done, bool renew);
  void reap();
  void report(store::Finished f, const TypeState& t);
  std::pair<int, int64_t> policy(const std::string& type, int attempt) const;

  db::Database& db_;
  RunnerOptions opts_;
  std::map<std::string, TypeState> types_;

  mutable std::mutex mu_;
  std::condition_variable dispatch_cv_;  // the dispatcher waits here
  std::condition_variable work_cv_;      // workers wait here
  std::deque<Claimed> waiting_;          // claimed, not started
  std::vector<store::Finished> done_;    // outcomes not yet recorded
  bool nudged_ = false;
  bool stopping_ = false;
  bool dispatcher_done_ = false;
  int busy_workers_ = 0;
  std::stop_source stop_source_;

  std::atomic<uint64_t> seen_wakeups_{0};
  std::atomic<uint64_t> passes_{0};
  std::thread dispatcher_;
  std::vector<std::thread> workers_;
};

}  // namespace rapport::jobs
