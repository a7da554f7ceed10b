// The job queue's throughput and wake-up latency (bench/jobs.sh runs it; issue 13's targets: at least
// 5,000 no-op jobs enqueued and completed per second on SQLite, p99 start latency under 50 ms when idle).
//
// 1. Baseline: producer threads commit one-row INSERT transactions into a scratch table for a few
//    seconds: the most transactions per second the database and its group commit allow here.
// 2. Throughput: the same producers each commit transactions enqueueing `batch` no-op jobs while the
//    runner(s) work the queue; from the first enqueue to the last job succeeded.
// 3. Latency: the runner idle, one job enqueued at a time; from the enqueue's commit to the handler's
//    start, `samples` times.
// PostgreSQL: two runners, each with its own connection pool (two nodes' worth of workers on one queue).
// Usage: rapport_jobs_bench --sqlite DIR | --postgres URL [--jobs N] [--producers P] [--batch B] [--samples S]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "platform/clock.hpp"
#include "platform/db/migrations.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/pg_migrations.hpp"
#include "platform/db/sqlite_database.hpp"
#include "platform/events/hub.hpp"
#include "platform/events/pg_listener.hpp"
#include "platform/jobs/enqueue.hpp"
#include "platform/jobs/runner.hpp"

using namespace rapport;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
  std::string sqlite_dir, pg_url;
  int jobs = 20000, producers = 8, batch = 1, samples = 200;
};

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size())))];
}

std::unique_ptr<db::Database> open(const Args& a) {
  if (!a.pg_url.empty()) {
    db::PgOptions o;
    o.url = a.pg_url;
    return std::make_unique<db::PgDatabase>(o, 8);
  }
  return std::make_unique<db::SqliteDatabase>((std::filesystem::path(a.sqlite_dir) / "bench.db").string(), 4);
}

// Runs `producers` threads each calling `one()` (a write) until `until()` is true; returns commits.
int64_t produce(int producers, const std::function<bool()>& until, const std::function<void()>& one) {
  std::atomic<int64_t> commits{0};
  std::vector<std::thread> ts;
  for (int i = 0; i < producers; ++i)
    ts.emplace_back([&] {
      while (!until()) {
        one();
        ++commits;
      }
    });
  for (auto& t : ts) t.join();
  return commits.load();
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--sqlite") a.sqlite_dir = v;
    else if (k == "--postgres") a.pg_url = v;
    else if (k == "--jobs") a.jobs = std::stoi(v);
    else if (k == "--producers") a.producers = std::stoi(v);
    else if (k == "--batch") a.batch = std::stoi(v);
    else if (k == "--samples") a.samples = std::stoi(v);
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  if (a.sqlite_dir.empty() == a.pg_url.empty()) {
    std::fprintf(stderr, "usage: rapport_jobs_bench --sqlite DIR | --postgres URL [--jobs N] [--producers P] [--batch B] [--samples S]\n");
    return 2;
  }
  const bool pg = !a.pg_url.empty();
  if (pg) {
    db::PgOptions o;
    o.url = a.pg_url;
    db::PgConnection c(o);
    db::migrate_pg(c);
  } else {
    std::filesystem::create_directories(a.sqlite_dir);
    db::SqliteConnection c((std::filesystem::path(a.sqlite_dir) / "bench.db").string(), false);
    db::migrate(c);
  }
  auto d1 = open(a);
  std::unique_ptr<db::Database> d2 = pg ? open(a) : nullptr;

  // 1. Baseline: one-row transactions.
  (void)d1->write([](db::Connection& c) -> Status {
    c.exec("CREATE TABLE IF NOT EXISTS bench_rows (id TEXT PRIMARY KEY, at TEXT NOT NULL)");
    return ok_status();
  });
  auto t0 = Clock::now();
  std::atomic<int64_t> n{0};
  int64_t commits = produce(a.producers, [&] { return seconds_since(t0) > 3.0; }, [&] {
    (void)d1->write([&](db::Connection& c) -> Status {
      c.prepare("INSERT INTO bench_rows (id, at) VALUES (?, ?)").bind_all({std::to_string(++n) + "-" + std::to_string(clock::now_ms()), clock::now_text()}).run();
      return ok_status();
    });
  });
  const double baseline = static_cast<double>(commits) / seconds_since(t0);

  // The runners.
  std::atomic<int64_t> done{0};
  std::mutex mu;
  std::vector<double> latencies;
  std::atomic<int64_t> committed_at_ns{0};
  std::atomic<bool> measuring_latency{false};
  std::atomic<bool> awaiting_commit{false};  // the latency sample's enqueue ran; its commit is next
  auto handler = [&](jobs::JobContext&) {
    if (measuring_latency.load()) {
      auto now = Clock::now().time_since_epoch().count();
      std::lock_guard lock(mu);
      latencies.push_back(static_cast<double>(now - committed_at_ns.load()) / 1e6);
    }
    ++done;
    return jobs::Outcome::done();
  };
  jobs::RunnerOptions o;
  o.workers = 4;
  o.node = "bench-1";
  jobs::Runner r1(*d1, o);
  r1.add_type({.name = "bench.noop", .handler = handler, .concurrency = 32});
  std::unique_ptr<jobs::Runner> r2;
  if (pg) {
    o.node = "bench-2";
    r2 = std::make_unique<jobs::Runner>(*d2, o);
    r2->add_type({.name = "bench.noop", .handler = handler, .concurrency = 32});
  }
  // The commit's time: the hook runs on the committing thread right after each commit (on SQLite the
  // group commit that carried the sample's enqueue; on PostgreSQL possibly another's a moment earlier,
  // which only lengthens the figure).
  d1->set_commit_hook([&] {
    if (awaiting_commit.exchange(false)) committed_at_ns = Clock::now().time_since_epoch().count();
    r1.on_commit();
  });
  // PostgreSQL: each node hears the others' enqueues through LISTEN, as `rapport serve` does.
  events::Hub hub;
  std::unique_ptr<events::PgListener> listener;
  if (pg) {
    db::PgOptions lo;
    lo.url = a.pg_url;
    listener = std::make_unique<events::PgListener>(lo, hub);
    listener->also_listen(jobs::kNotifyChannel, [&] {
      r1.nudge();
      r2->nudge();
    });
    listener->start();
  }
  r1.start();
  if (r2) r2->start();

  // 2. Throughput.
  std::atomic<int> enqueued{0};
  t0 = Clock::now();
  produce(a.producers, [&] { return enqueued.load() >= a.jobs; }, [&] {
    (void)d1->write([&](db::Connection& c) -> Status {
      for (int i = 0; i < a.batch; ++i) jobs::enqueue(c, {.type = "bench.noop"});
      return ok_status();
    });
    enqueued += a.batch;
  });
  const double enqueue_s = seconds_since(t0);
  const int64_t total = enqueued.load();
  while (done.load() < total && seconds_since(t0) < 600) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const double all_s = seconds_since(t0);

  // 3. Latency when idle.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // past the last pass
  measuring_latency = true;
  for (int i = 0; i < a.samples; ++i) {
    const int64_t before = done.load();
    (void)d1->write([&](db::Connection& c) -> Status {
      jobs::enqueue(c, {.type = "bench.noop"});
      awaiting_commit = true;
      return ok_status();
    });
    auto wait = Clock::now();
    while (done.load() == before && seconds_since(wait) < 5) std::this_thread::sleep_for(std::chrono::microseconds(200));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  r1.stop();
  if (r2) r2->stop();
  if (listener) listener->stop();

  std::printf("engine=%s producers=%d batch=%d jobs=%lld\n", pg ? "postgres (two runners)" : "sqlite", a.producers, a.batch,
              static_cast<long long>(total));
  std::printf("baseline_commits_per_s=%.0f\n", baseline);
  std::printf("enqueue_per_s=%.0f\n", static_cast<double>(total) / enqueue_s);
  std::printf("completed_per_s=%.0f\n", static_cast<double>(total) / all_s);
  std::printf("runner_passes=%llu\n", static_cast<unsigned long long>(r1.passes() + (r2 ? r2->passes() : 0)));
  std::printf("latency_p50_ms=%.2f latency_p99_ms=%.2f latency_max_ms=%.2f samples=%zu\n", pct(latencies, 50), pct(latencies, 99),
              latencies.empty() ? 0.0 : *std::max_element(latencies.begin(), latencies.end()), latencies.size());
  return done.load() >= total ? 0 : 1;
}
