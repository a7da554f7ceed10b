#include "platform/jobs/runner.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>

#include "platform/clock.hpp"
#include "platform/db/write_classes.hpp"
#include "platform/ids.hpp"
#include "platform/jobs/enqueue.hpp"
#include "platform/jobs/schedules.hpp"
#include "platform/metrics.hpp"

namespace rapport::jobs {
namespace {

std::string default_node() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host[0] ? host : "node") + ":" + std::to_string(getpid()) + ":" + ids::random_token(3);
}

void count_run_time(TypeStats& s, double seconds) {
  if (s.buckets.empty()) s.buckets.assign(Metrics::kBuckets.size() + 1, 0);
  std::size_t b = 0;
  while (b < Metrics::kBuckets.size() && seconds > Metrics::kBuckets[b]) ++b;
  ++s.buckets[b];
  s.seconds += seconds;
}

}  // namespace

Runner::Runner(db::Database& db, RunnerOptions opts) : db_(db), opts_(std::move(opts)) {
  if (opts_.node.empty()) opts_.node = default_node();
  if (opts_.workers < 1) opts_.workers = 1;
}

Runner::~Runner() { stop(); }

void Runner::add_type(JobType type) {
  if (type.concurrency < 1) type.concurrency = 1;
  if (type.max_attempts < 1) type.max_attempts = 1;
  std::string name = type.name;
  types_[name] = TypeState{.type = std::move(type)};
}

std::vector<std::string> Runner::types() const {
  std::vector<std::string> out;
  for (const auto& [name, t] : types_) out.push_back(name);
  return out;
}

std::map<std::string, TypeStats> Runner::stats() const {
  std::lock_guard lock(mu_);
  std::map<std::string, TypeStats> out;
  for (const auto& [name, t] : types_) out[name] = t.stats;
  return out;
}

void Runner::start() {
  std::lock_guard lock(mu_);
  if (dispatcher_.joinable()) return;
  stopping_ = false;
  dispatcher_done_ = false;
  nudged_ = true;  // whatever is due already
  seen_wakeups_ = wakeups();
  // No type may take every worker while others exist: a type whose jobs all wait on something slow
  // (a receiver taking its 15 s) would otherwise hold up every other type's jobs.
  for (auto& [name, t] : types_)
    t.limit = std::min(t.type.concurrency, types_.size() > 1 ? std::max(1, opts_.workers - 1) : opts_.workers);
  for (int i = 0; i < opts_.workers; ++i) workers_.emplace_back([this] { work_loop(); });
  dispatcher_ = std::thread([this] { dispatch_loop(); });
}

void Runner::request_stop() {
  {
    std::lock_guard lock(mu_);
    if (!dispatcher_.joinable()) return;
    stopping_ = true;
  }
  stop_source_.request_stop();
  work_cv_.notify_all();
  dispatch_cv_.notify_all();
}

void Runner::stop() {
  {
    std::lock_guard lock(mu_);
    if (!dispatcher_.joinable()) return;
  }
  request_stop();
  for (auto& w : workers_) w.join();
  workers_.clear();
  {
    std::lock_guard lock(mu_);
    dispatcher_done_ = true;  // the workers are gone: the dispatcher's last pass records everything
  }
  dispatch_cv_.notify_all();
  dispatcher_.join();
}

void Runner::nudge() {
  {
    std::lock_guard lock(mu_);
    nudged_ = true;
  }
  dispatch_cv_.notify_one();
}

void Runner::on_commit() {
  uint64_t now = wakeups();
  if (seen_wakeups_.exchange(now, std::memory_order_relaxed) != now) nudge();
}

std::pair<int, int64_t> Runner::policy(const std::string& type, int attempt) const {
  auto it = types_.find(type);
  JobType defaults;
  const JobType& t = it == types_.end() ? defaults : it->second.type;
  return {t.max_attempts, backoff(t, attempt).count()};
}

void Runner::work_loop() {
  db::BackgroundWrites background;  // a job's writes: nobody waits on them as on a request's
  for (;;) {
    Claimed claimed;
    TypeState* type = nullptr;
    {
      std::unique_lock lock(mu_);
      auto runnable = [&] {
        return std::find_if(waiting_.begin(), waiting_.end(), [&](const Claimed& c) {
          const auto& t = types_.at(c.job.type);
          return t.running < t.limit;
        });
      };
      work_cv_.wait(lock, [&] { return stopping_ || runnable() != waiting_.end(); });
      if (stopping_) return;  // what waits is handed back by the dispatcher's last pass
      auto it = runnable();
      claimed = std::move(*it);
      waiting_.erase(it);
      type = &types_.at(claimed.job.type);
      ++type->running;
      ++busy_workers_;
    }
    const int64_t started = clock::now_ms();
    JobContext ctx(claimed.job, stop_source_.get_token(), db_, opts_.node, started);
    Outcome outcome;
    try {
      outcome = type->type.handler(ctx);
    } catch (const std::exception& e) {
      outcome = Outcome::retry(std::string("the handler threw: ") + e.what());
    } catch (...) {
      outcome = Outcome::retry("the handler threw");
    }
    const int64_t finished = clock::now_ms();
    {
      std::lock_guard lock(mu_);
      --type->running;
      --busy_workers_;
      count_run_time(type->stats, static_cast<double>(finished - started) / 1000.0);
      if (ctx.finished()) {
        // Its success is committed with its effect: nothing more to record.
        --type->held;
        ++type->stats.succeeded;
      } else {
        done_.push_back({.id = claimed.job.id, .type = claimed.job.type, .attempt = claimed.job.attempt, .outcome = std::move(outcome),
                         .started_ms = started, .finished_ms = finished});
      }
    }
    dispatch_cv_.notify_one();
  }
}

std::vector<std::string> Runner::pass(std::vector<store::Finished>& done, bool renew) {
  // Room per type: what it may hold, less what it holds but the outcomes this pass records (else a
  // pass that records a full batch claims nothing, and the next waits for the poll).
  std::map<std::string, int> want, recording;
  for (const auto& f : done) ++recording[f.type];
  {
    std::lock_guard lock(mu_);
    if (!stopping_)
      for (const auto& [name, t] : types_)
        if (int n = 2 * t.type.concurrency - (t.held - recording[name]); n > 0) want[name] = n;
  }
  std::vector<bool> recorded;
  std::vector<Job> claimed;
  std::vector<std::string> drained;
  const int64_t now = clock::now_ms();
  Status st = db_.write([&](db::Connection& c) -> Status {
    recorded.clear();
    claimed.clear();
    drained.clear();
    for (const auto& f : done) {
      auto [max_attempts, delay] = policy(f.type, f.attempt);
      if (f.outcome.delay) delay = f.outcome.delay->count();
      recorded.push_back(store::record(c, opts_.node, f, max_attempts, delay));
    }
    if (renew) store::renew(c, opts_.node, now + opts_.lease.count());
    for (const auto& [type, n] : want) {
      auto jobs = store::claim(c, type, n, opts_.node, now, now + opts_.lease.count());
      if (static_cast<int>(jobs.size()) < n) drained.push_back(type);
      for (auto& j : jobs) claimed.push_back(std::move(j));
    }
    return ok_status();
  });
  passes_.fetch_add(1, std::memory_order_relaxed);
  if (!st) throw std::runtime_error(st.problem().detail);
  {
    std::lock_guard lock(mu_);
    for (std::size_t i = 0; i < done.size(); ++i) {
      auto& t = types_.at(done[i].type);
      --t.held;
      using K = Outcome::Kind;
      if (!recorded[i]) {
        ++t.stats.lost;
      } else if (done[i].outcome.kind == K::Done) {
        ++t.stats.succeeded;
      } else if (done[i].outcome.kind != K::Release) {
        ++t.stats.failed;
        auto [max_attempts, delay] = policy(done[i].type, done[i].attempt);
        (void)delay;
        if (done[i].outcome.kind == K::Fail || done[i].attempt >= max_attempts) ++t.stats.dead;
      }
    }
    for (auto& j : claimed) {
      ++types_.at(j.type).held;
      waiting_.push_back({std::move(j), now});
    }
  }
  if (!claimed.empty()) work_cv_.notify_all();
  done.clear();
  return drained;
}

void Runner::reap() {
  std::vector<store::Expired> taken;
  Status st = db_.write([&](db::Connection& c) -> Status {
    const int64_t now = clock::now_ms();
    taken = store::reap(c, now, 100, [this](const std::string& type, int attempt) { return policy(type, attempt); });
    fire_due(c, now);  // recurring jobs: their commit wakes the dispatchers like any enqueue
    return ok_status();
  });
  if (!st) throw std::runtime_error(st.problem().detail);
  for (const auto& e : taken) spdlog::warn("jobs: the lease of job {} ({}, attempt {}) expired; it will run again", e.id, e.type, e.attempt);
}

void Runner::dispatch_loop() {
  db::BackgroundWrites background;  // claiming, renewing and recording jobs
  using clock_t = std::chrono::steady_clock;
  auto next_renew = clock_t::now() + opts_.lease / 3;
  auto next_reap = clock_t::now();
  auto wake_at = clock_t::now();
  std::vector<store::Finished> done;
  for (;;) {
    bool last = false;
    {
      std::unique_lock lock(mu_);
      dispatch_cv_.wait_until(lock, std::min({wake_at, next_renew, next_reap}),
                              [&] { return nudged_ || !done_.empty() || dispatcher_done_; });
      nudged_ = false;
      for (auto& f : done_) done.push_back(std::move(f));
      done_.clear();
      if (dispatcher_done_) {
        // Stopping: the jobs claimed but not started go back to the queue at once.
        const int64_t now = clock::now_ms();
        for (auto& w : waiting_)
          done.push_back({.id = w.job.id, .type = w.job.type, .attempt = w.job.attempt, .outcome = Outcome::release(),
                          .started_ms = now, .finished_ms = now});
        waiting_.clear();
        last = true;
      }
    }
    try {
      const bool renew = clock_t::now() >= next_renew;
      if (renew) next_renew = clock_t::now() + opts_.lease / 3;
      const auto drained = pass(done, renew);
      if (last) return;
      if (clock_t::now() >= next_reap) {
        next_reap = clock_t::now() + opts_.reap_every;
        reap();
      }
      // A type at its limit passes again when a worker reports. One that found fewer due jobs than
      // it had room for sleeps until its next queued job is due; one still due now is being claimed
      // by another node (SKIP LOCKED): look again shortly.
      wake_at = clock_t::now() + opts_.poll;
      if (!drained.empty()) {
        auto due = db_.read([&](db::Connection& c) { return store::next_due(c, drained); });
        if (due) {
          auto in = std::chrono::milliseconds(std::max<int64_t>(50, *due - clock::now_ms()));
          wake_at = std::min(wake_at, clock_t::now() + in);
        }
      }
    } catch (const std::exception& e) {
      if (last) {
        spdlog::error("jobs: recording the last outcomes at shutdown failed ({}); their leases will expire and they will run again",
                      e.what());
        return;
      }
      spdlog::warn("jobs: a dispatcher pass failed: {}; retrying in {} ms", e.what(), opts_.retry_after.count());
      wake_at = clock_t::now() + opts_.retry_after;
      std::unique_lock lock(mu_);
      dispatch_cv_.wait_for(lock, opts_.retry_after, [&] { return dispatcher_done_; });
    }
  }
}

}  // namespace rapport::jobs
