// The job queue on both engines: every job runs once; a rolled-back change enqueues nothing; failed
// attempts come back after their back-off and a poison job ends dead without holding up the rest;
// an expired lease (a node killed mid-job) is taken over; a clean stop hands jobs back; unique keys,
// run_at, priorities and per-type concurrency hold; finish() commits an effect exactly once; a
// commit wakes the runner. On PostgreSQL two runners on one queue never run a job twice.
#include "platform/jobs/runner.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "platform/clock.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"
#include "platform/jobs/admin.hpp"
#include "platform/jobs/enqueue.hpp"

namespace rapport::jobs {
namespace {

using namespace std::chrono_literals;

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 20s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return done();
}

// A fresh migrated database of the test's engine.
class Queue : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      RAPPORT_REQUIRE_PG();
      pg_ = std::make_unique<db::PgTestDatabase>("jobs");
      db_ = std::make_unique<db::PgDatabase>(pg_->opts(), 4);
    } else {
      sqlite_ = std::make_unique<db::SqliteTestDatabase>();
    }
  }
  db::Database& db() { return sqlite_ ? static_cast<db::Database&>(*sqlite_->db) : *db_; }
  // A second connection pool on the same database (PostgreSQL: another node).
  std::unique_ptr<db::Database> another() { return std::make_unique<db::PgDatabase>(pg_->opts(), 4); }

  std::vector<std::string> add(int n, const std::string& type = "test.noop", NewJob base = {}) {
    std::vector<std::string> ids;
    EXPECT_TRUE(db().write([&](db::Connection& c) -> Status {
      for (int i = 0; i < n; ++i) {
        NewJob j = base;
        j.type = type;
        if (j.payload.is_object() && j.payload.as_object().empty()) j.payload = boost::json::object{{"n", i}};
        ids.push_back(enqueue(c, j));
      }
      return ok_status();
    }));
    return ids;
  }
  int64_t count(const std::string& where, std::vector<db::Value> params = {}) {
    return db().read([&](db::Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM jobs WHERE " + where, params)); });
  }
  std::string state_of(const std::string& id) {
    return db().read([&](db::Connection& c) { return std::get<std::string>(c.scalar("SELECT state FROM jobs WHERE id = ?", {id})); });
  }
  // How each attempt ended, as GET /api/v1/jobs/{id} shows them.
  std::vector<std::string> outcomes(const std::string& id) { return attempt_log(id, "outcome"); }
  std::vector<std::string> attempt_log(const std::string& id, const char* field) {
    return db().read([&](db::Connection& c) {
      std::vector<std::string> out;
      const auto job = admin::read_job(c, {}, id);  // kept: the loop must not walk a destroyed temporary
      for (const auto& a : job->at("attempt_log").as_array()) out.push_back(std::string(a.at(field).as_string()));
      return out;
    });
  }
  static RunnerOptions fast() {
    RunnerOptions o;
    o.workers = 4;
    o.poll = 50ms;
    o.reap_every = 50ms;
    return o;
  }

  std::unique_ptr<db::SqliteTestDatabase> sqlite_;
  std::unique_ptr<db::PgTestDatabase> pg_;
  std::unique_ptr<db::Database> db_;
};

JobType counting(const std::string& name, std::map<std::string, int>& runs, std::mutex& mu, int concurrency = 4) {
  return {.name = name,
          .handler =
              [&runs, &mu](JobContext& ctx) {
                std::lock_guard lock(mu);
                ++runs[ctx.job.id];
                return Outcome::done();
              },
          .concurrency = concurrency};
}

TEST_P(Queue, RunsEveryJobOnce) {
  std::map<std::string, int> runs;
  std::mutex mu;
  Runner r(db(), fast());
  r.add_type(counting("test.noop", runs, mu));
  auto ids = add(300);
  r.start();
  ASSERT_TRUE(wait_until([&] { return count("state = 'succeeded'") == 300; })) << count("state = 'succeeded'");
  r.stop();
  std::lock_guard lock(mu);
  EXPECT_EQ(runs.size(), 300u);
  for (const auto& id : ids) EXPECT_EQ(runs[id], 1) << id;
  EXPECT_EQ(outcomes(ids.front()), std::vector<std::string>{"succeeded"});
  EXPECT_EQ(r.stats()["test.noop"].succeeded, 300u);
}

TEST_P(Queue, ARolledBackChangeEnqueuesNothing) {
  Status st = db().write([&](db::Connection& c) -> Status {
    enqueue(c, {.type = "test.noop"});
    return Problem::bad_request("the change failed");
  });
  EXPECT_FALSE(st);
  EXPECT_EQ(count("1 = 1"), 0);
}

TEST_P(Queue, AFailedAttemptComesBackAfterItsBackOff) {
  std::atomic<int> calls{0};
  Runner r(db(), fast());
  r.add_type({.name = "test.flaky",
              .handler = [&](JobContext& ctx) {
                ++calls;
                return ctx.job.attempt < 3 ? Outcome::retry("not yet (attempt " + std::to_string(ctx.job.attempt) + ")") : Outcome::done();
              },
              .max_attempts = 5,
              .backoff_base = 20ms});
  auto id = add(1, "test.flaky").front();
  r.start();
  ASSERT_TRUE(wait_until([&] { return state_of(id) == "succeeded"; }));
  r.stop();
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(outcomes(id), (std::vector<std::string>{"failed", "failed", "succeeded"}));
  EXPECT_EQ(count("id = ? AND attempts = 3 AND last_error IS NULL", {id}), 1);
  auto errors = db().read([&](db::Connection& c) {
    return std::get<std::string>(c.scalar("SELECT error FROM job_attempts WHERE job_id = ? AND attempt = 2", {id}));
  });
  EXPECT_EQ(errors, "not yet (attempt 2)");
}

TEST_P(Queue, APoisonJobEndsDeadWithoutHoldingUpTheRest) {
  std::atomic<int> good{0};
  Runner r(db(), fast());
  r.add_type({.name = "test.mixed",
              .handler = [&](JobContext& ctx) -> Outcome {
                if (ctx.job.payload.at("n").as_int64() == 0) throw std::runtime_error("poison");
                ++good;
                return Outcome::done();
              },
              .max_attempts = 3,
              .backoff_base = 10ms,
              .concurrency = 1});
  auto ids = add(50, "test.mixed");
  r.start();
  ASSERT_TRUE(wait_until([&] { return state_of(ids[0]) == "dead" && good.load() == 49; }));
  r.stop();
  EXPECT_EQ(outcomes(ids[0]), (std::vector<std::string>{"failed", "failed", "failed"}));
  EXPECT_EQ(count("id = ? AND last_error = 'the handler threw: poison' AND finished_at IS NOT NULL", {ids[0]}), 1);
  EXPECT_EQ(count("state = 'succeeded'"), 49);
  EXPECT_EQ(r.stats()["test.mixed"].dead, 1u);
}

TEST_P(Queue, AFailureForGoodIsDeadAtOnce) {
  Runner r(db(), fast());
  r.add_type({.name = "test.bad", .handler = [](JobContext&) { return Outcome::fail("the record is gone"); }, .max_attempts = 10});
  auto id = add(1, "test.bad").front();
  r.start();
  ASSERT_TRUE(wait_until([&] { return state_of(id) == "dead"; }));
  r.stop();
  EXPECT_EQ(outcomes(id), std::vector<std::string>{"failed"});
}

TEST_P(Queue, AnExpiredLeaseIsTakenOverAndRunAgain) {
  // A node that claimed the job and died: its lease ran out a moment ago.
  auto id = add(1).front();
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    auto now = clock::now_ms();
    EXPECT_EQ(store::claim(c, "test.noop", 1, "ghost:1", now, now - 1).size(), 1u);
    return ok_status();
  }));
  std::map<std::string, int> runs;
  std::mutex mu;
  auto o = fast();
  Runner r(db(), o);
  JobType t = counting("test.noop", runs, mu);
  t.backoff_base = 1ms;
  r.add_type(t);
  r.start();
  ASSERT_TRUE(wait_until([&] { return state_of(id) == "succeeded"; }));
  r.stop();
  EXPECT_EQ(outcomes(id), (std::vector<std::string>{"lease_expired", "succeeded"}));
  EXPECT_EQ(runs[id], 1);
}

TEST_P(Queue, ACleanStopHandsUnfinishedJobsBackAtOnce) {
  std::atomic<int> started{0};
  Runner r(db(), fast());
  r.add_type({.name = "test.long",
              .handler = [&](JobContext& ctx) {
                ++started;
                while (!ctx.stop.stop_requested()) std::this_thread::sleep_for(1ms);
                return Outcome::release();
              },
              .concurrency = 2});
  auto ids = add(6, "test.long");
  r.start();
  ASSERT_TRUE(wait_until([&] { return started.load() == 2; }));
  ASSERT_TRUE(wait_until([&] { return count("state = 'running'") == 4; })) << "two running, two claimed and waiting";
  r.stop();
  EXPECT_EQ(count("state = 'queued' AND attempts = 0 AND lease_owner IS NULL"), 6);
  EXPECT_EQ(count("run_at <= ?", {clock::now_text()}), 6) << "due at once";
  EXPECT_TRUE(outcomes(ids[0]).empty()) << "a handed-back run is not an attempt";
}

TEST_P(Queue, AUniqueKeyHoldsOnePendingJob) {
  NewJob j{.type = "test.noop", .unique_key = "contact-1"};
  auto first = add(1, "test.noop", j).front();
  auto second = add(1, "test.noop", j).front();
  EXPECT_EQ(first, second);
  NewJob other = j;
  other.workspace_id = "w2";
  EXPECT_NE(add(1, "test.noop", other).front(), first) << "keys are per workspace";
  EXPECT_EQ(count("1 = 1"), 2);
  std::map<std::string, int> runs;
  std::mutex mu;
  Runner r(db(), fast());
  r.add_type(counting("test.noop", runs, mu));
  r.start();
  ASSERT_TRUE(wait_until([&] { return state_of(first) == "succeeded"; }));
  r.stop();
  EXPECT_NE(add(1, "test.noop", j).front(), first) << "a finished job no longer holds its key";
}

TEST_P(Queue, AScheduledJobWaitsForItsTime) {
  std::map<std::string, int> runs;
  std::mutex mu;
  auto o = fast();
  o.poll = 10s;  // only run_at wakes it
  Runner r(db(), o);
  r.add_type(counting("test.noop", runs, mu));
  const int64_t at = clock::now_ms() + 400;
  auto id = add(1, "test.noop", {.run_at_ms = at}).front();
  r.start();
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(state_of(id), "queued");
  ASSERT_TRUE(wait_until([&] { return state_of(id) == "succeeded"; }, 3s));
  r.stop();
  auto started = db().read([&](db::Connection& c) { return std::get<std::string>(c.scalar("SELECT started_at FROM jobs WHERE id = ?", {id})); });
  EXPECT_GE(*clock::parse_datetime(started), at);
}

TEST_P(Queue, HigherPriorityRunsFirstAndConcurrencyIsBounded) {
  std::vector<int> order;
  std::atomic<int> running{0}, most{0};
  std::mutex mu;
  Runner r(db(), fast());
  r.add_type({.name = "test.ordered",
              .handler = [&](JobContext& ctx) {
                int now = ++running;
                int seen = most.load();
                while (now > seen && !most.compare_exchange_weak(seen, now)) {
                }
                {
                  std::lock_guard lock(mu);
                  order.push_back(ctx.job.priority);
                }
                std::this_thread::sleep_for(2ms);
                --running;
                return Outcome::done();
              },
              .concurrency = 1});
  add(5, "test.ordered", {.priority = 0});
  add(5, "test.ordered", {.priority = 9});
  r.start();
  ASSERT_TRUE(wait_until([&] { return count("state = 'succeeded'") == 10; }));
  r.stop();
  EXPECT_EQ(most.load(), 1);
  ASSERT_EQ(order.size(), 10u);
  EXPECT_EQ(std::vector<int>(order.begin(), order.begin() + 5), std::vector<int>(5, 9));
}

TEST_P(Queue, FinishCommitsTheEffectExactlyOnce) {
  ASSERT_TRUE(db().write([](db::Connection& c) -> Status {
    c.exec("CREATE TABLE effects (job_id TEXT PRIMARY KEY)");
    return ok_status();
  }));
  std::atomic<int> conflicts{0};
  Runner r(db(), fast());
  r.add_type({.name = "test.effect", .handler = [&](JobContext& ctx) {
                if (ctx.job.payload.at("n").as_int64() == 1) {
                  // Another node took this job over meanwhile: the effect must not land.
                  EXPECT_TRUE(db().write([&](db::Connection& c) -> Status {
                    c.prepare("UPDATE jobs SET lease_owner = 'thief' WHERE id = ?").bind(1, ctx.job.id).run();
                    return ok_status();
                  }));
                }
                Status st = ctx.finish([&](db::Connection& c) -> Status {
                  c.prepare("INSERT INTO effects (job_id) VALUES (?)").bind(1, ctx.job.id).run();
                  return ok_status();
                });
                if (!st) {
                  ++conflicts;
                  EXPECT_EQ(st.problem().status, 409);
                  return Outcome::retry(st.problem().detail);
                }
                return Outcome::done();
              }});
  auto ids = add(2, "test.effect");
  r.start();
  ASSERT_TRUE(wait_until([&] { return state_of(ids[0]) == "succeeded" && conflicts.load() == 1; }));
  r.stop();
  EXPECT_EQ(db().read([](db::Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM effects")); }), 1);
  EXPECT_EQ(outcomes(ids[0]), std::vector<std::string>{"succeeded"});
  EXPECT_EQ(state_of(ids[1]), "running") << "still the thief's, whose lease will expire";
  EXPECT_TRUE(outcomes(ids[1]).empty());
}

TEST_P(Queue, ACommitWakesTheRunnerWithoutWaitingForThePoll) {
  std::map<std::string, int> runs;
  std::mutex mu;
  auto o = fast();
  o.poll = 30s;
  Runner r(db(), o);
  r.add_type(counting("test.noop", runs, mu));
  db().set_commit_hook([&] { r.on_commit(); });
  r.start();
  std::this_thread::sleep_for(100ms);  // idle, past its first pass
  auto id = add(1).front();
  EXPECT_TRUE(wait_until([&] { return state_of(id) == "succeeded"; }, 5s));
  r.stop();
}

// A type whose jobs all hang cannot take every worker: another type's job still runs.
TEST_P(Queue, ASlowTypeLeavesAWorkerForTheOthers) {
  std::atomic<bool> release{false};
  std::atomic<int> slow_running{0}, fast_done{0};
  auto o = fast();
  o.workers = 3;
  Runner r(db(), o);
  r.add_type({.name = "test.slow", .handler = [&](JobContext&) {
                ++slow_running;
                while (!release.load()) std::this_thread::sleep_for(1ms);
                return Outcome::done();
              },
              .concurrency = 8});
  r.add_type({.name = "test.fast", .handler = [&](JobContext&) {
                ++fast_done;
                return Outcome::done();
              }});
  add(6, "test.slow");
  r.start();
  ASSERT_TRUE(wait_until([&] { return slow_running.load() == 2; }));
  add(3, "test.fast");
  EXPECT_TRUE(wait_until([&] { return fast_done.load() == 3; }, 5s)) << "the third worker runs them";
  EXPECT_EQ(slow_running.load(), 2) << "two of three workers at most for one type";
  release = true;
  ASSERT_TRUE(wait_until([&] { return count("state = 'succeeded'") == 9; }));
  r.stop();
}

// A node killed (SIGKILL) in the middle of a job: another node takes the job over once its lease
// expires and runs it to completion, and its effect (committed with JobContext::finish) is there once.
TEST_P(Queue, ANodeKilledMidJobLeavesItsJobToAnotherNode) {
  ASSERT_TRUE(db().write([](db::Connection& c) -> Status {
    c.exec("CREATE TABLE effects (job_id TEXT PRIMARY KEY)");
    return ok_status();
  }));
  const std::string marker = (std::filesystem::temp_directory_path() / ("rapport-killed-" + std::to_string(::getpid()))).string();
  std::filesystem::remove(marker);
  auto effect = [this, marker](db::Database& d) {
    return JobType{.name = "test.effect", .handler = [&d, marker](JobContext& ctx) {
                     if (!std::filesystem::exists(marker)) {
                       std::ofstream(marker) << ctx.job.id;  // the first node: hangs here until it is killed
                       for (;;) std::this_thread::sleep_for(1s);
                     }
                     Status st = ctx.finish([&](db::Connection& c) -> Status {
                       c.prepare("INSERT INTO effects (job_id) VALUES (?)").bind(1, ctx.job.id).run();
                       return ok_status();
                     });
                     return st ? Outcome::done() : Outcome::retry(st.problem().detail);
                   }};
  };
  auto id = add(1, "test.effect").front();
  auto o = fast();
  o.lease = 1000ms;
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The other node: a process of its own with its own connections.
    std::unique_ptr<db::Database> d;
    if (sqlite_) d = std::make_unique<db::SqliteDatabase>((sqlite_->dir / "r.db").string(), 1);
    else d = std::make_unique<db::PgDatabase>(pg_->opts(), 2);
    o.node = "doomed";
    Runner r(*d, o);
    r.add_type(effect(*d));
    r.start();
    for (;;) std::this_thread::sleep_for(1s);
  }
  ASSERT_TRUE(wait_until([&] { return std::filesystem::exists(marker); })) << "the first node started the job";
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_EQ(state_of(id), "running") << "held by the dead node's lease";
  o.node = "survivor";
  Runner r(db(), o);
  r.add_type(effect(db()));
  r.start();
  ASSERT_TRUE(wait_until([&] { return state_of(id) == "succeeded"; }));
  r.stop();
  std::filesystem::remove(marker);
  EXPECT_EQ(db().read([](db::Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM effects")); }), 1);
  EXPECT_EQ(outcomes(id), (std::vector<std::string>{"lease_expired", "succeeded"}));
  EXPECT_EQ(attempt_log(id, "node"), (std::vector<std::string>{"doomed", "survivor"}));
}

INSTANTIATE_TEST_SUITE_P(Engines, Queue, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST(PgQueue, TwoNodesOnOneQueueNeverRunAJobTwice) {
  RAPPORT_REQUIRE_PG();
  db::PgTestDatabase pg("jobs");
  db::PgDatabase d1(pg.opts(), 4), d2(pg.opts(), 4);
  std::map<std::string, int> runs;
  std::mutex mu;
  auto handler = [&](JobContext& ctx) {
    std::lock_guard lock(mu);
    ++runs[ctx.job.id];
    return Outcome::done();
  };
  ASSERT_TRUE(d1.write([](db::Connection& c) -> Status {
    for (int i = 0; i < 1000; ++i) enqueue(c, {.type = "test.noop"});
    return ok_status();
  }));
  RunnerOptions o;
  o.poll = 20ms;
  o.node = "n1";
  Runner r1(d1, o);
  o.node = "n2";
  Runner r2(d2, o);
  r1.add_type({.name = "test.noop", .handler = handler, .concurrency = 8});
  r2.add_type({.name = "test.noop", .handler = handler, .concurrency = 8});
  r1.start();
  r2.start();
  auto done = [&] { return d1.read([](db::Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM jobs WHERE state = 'succeeded'")); }); };
  ASSERT_TRUE(wait_until([&] { return done() == 1000; }, 60s)) << done();
  r1.stop();
  r2.stop();
  EXPECT_EQ(runs.size(), 1000u);
  for (const auto& [id, n] : runs) EXPECT_EQ(n, 1) << id;
  auto per_node = [&](const std::string& node) {
    return d1.read([&](db::Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM jobs WHERE lease_owner = ?", {node})); });
  };
  EXPECT_GT(per_node("n1"), 0);
  EXPECT_GT(per_node("n2"), 0);
  EXPECT_EQ(per_node("n1") + per_node("n2"), 1000);
}

}  // namespace
}  // namespace rapport::jobs
