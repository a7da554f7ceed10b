// Recurring jobs on both engines: a schedule fires one job per period, with the period in its
// payload, and moves to its next time in its zone; missed periods fire once; bad cron or zone is a
// 422 and stores nothing; replacing keeps one schedule. On PostgreSQL two nodes firing at once
// enqueue one job per period.
#include "platform/jobs/schedules.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "platform/clock.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"
#include "platform/jobs/runner.hpp"
#include "platform/test_time.hpp"

namespace rapport::jobs {
namespace {

using namespace std::chrono_literals;

class Schedules : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      RAPPORT_REQUIRE_PG();
      pg_ = std::make_unique<db::PgTestDatabase>("sched");
      db_ = std::make_unique<db::PgDatabase>(pg_->opts(), 4);
    } else {
      sqlite_ = std::make_unique<db::SqliteTestDatabase>();
    }
  }
  db::Database& db() { return sqlite_ ? static_cast<db::Database&>(*sqlite_->db) : *db_; }
  Result<std::string> put(const Schedule& s, int64_t now) {
    std::optional<Result<std::string>> out;
    Status st = db().write([&](db::Connection& c) -> Status {
      out.emplace(put_schedule(c, s, now));
      if (!*out) return out->problem();
      return ok_status();
    });
    return std::move(*out);
  }
  int fire(int64_t now) {
    int n = 0;
    EXPECT_TRUE(db().write([&](db::Connection& c) -> Status {
      n = fire_due(c, now);
      return ok_status();
    }));
    return n;
  }
  std::vector<std::vector<std::string>> rows(const std::string& sql) {
    return db().read([&](db::Connection& c) {
      std::vector<std::vector<std::string>> out;
      auto& st = c.prepare(sql);
      while (st.step()) {
        std::vector<std::string> row;
        for (int i = 0; i < st.column_count(); ++i) row.push_back(st.is_null(i) ? "null" : st.text(i));
        out.push_back(row);
      }
      st.reset();
      return out;
    });
  }

  std::unique_ptr<db::SqliteTestDatabase> sqlite_;
  std::unique_ptr<db::PgTestDatabase> pg_;
  std::unique_ptr<db::Database> db_;
};

using test_time::at;

TEST_P(Schedules, FiresOnceAPeriodInItsTimeZone) {
  // 09:00 in Paris, on weekdays; Friday 2026-03-27 08:00 Paris is 07:00 UTC.
  ASSERT_TRUE(put({.workspace_id = "w1", .name = "digest", .type = "test.digest", .payload = {{"k", 1}}, .cron = "0 9 * * MON-FRI",
                   .time_zone = "Europe/Paris"},
                  at("2026-03-27T07:00:00Z")));
  EXPECT_EQ(rows("SELECT next_run_at, cron FROM job_schedules"),
            (std::vector<std::vector<std::string>>{{"2026-03-27T08:00:00.000Z", "0 9 * * 1-5"}}));
  EXPECT_EQ(fire(at("2026-03-27T07:59:59Z")), 0) << "not yet";
  EXPECT_EQ(fire(at("2026-03-27T08:00:00Z")), 1);
  EXPECT_EQ(fire(at("2026-03-27T08:00:30Z")), 0) << "once per period";
  // Next: Monday 2026-03-30, after the change to summer time (09:00 Paris is 07:00 UTC).
  EXPECT_EQ(rows("SELECT next_run_at, last_run_at FROM job_schedules"),
            (std::vector<std::vector<std::string>>{{"2026-03-30T07:00:00.000Z", "2026-03-27T08:00:00.000Z"}}));
  auto jobs = rows("SELECT type, workspace_id, payload, state FROM jobs");
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0][0], "test.digest");
  EXPECT_EQ(jobs[0][1], "w1");
  EXPECT_EQ(boost::json::parse(jobs[0][2]), (boost::json::object{{"k", 1}, {"scheduled_for", "2026-03-27T08:00:00.000Z"}}));
  EXPECT_EQ(jobs[0][3], "queued");
}

TEST_P(Schedules, MissedPeriodsFireOnceThenItContinuesFromNow) {
  ASSERT_TRUE(put({.name = "hourly", .type = "test.hourly", .cron = "@hourly"}, at("2026-01-01T00:30:00Z")));
  // The installation was down from 01:00 to 05:10: one job, for the period first due.
  EXPECT_EQ(fire(at("2026-01-01T05:10:00Z")), 1);
  EXPECT_EQ(fire(at("2026-01-01T05:20:00Z")), 0);
  EXPECT_EQ(rows("SELECT next_run_at FROM job_schedules"), (std::vector<std::vector<std::string>>{{"2026-01-01T06:00:00.000Z"}}));
  EXPECT_EQ(rows("SELECT count(*) FROM jobs"), (std::vector<std::vector<std::string>>{{"1"}}));
}

TEST_P(Schedules, BadInputIsA422AndStoresNothing) {
  auto bad_cron = put({.name = "x", .type = "t", .cron = "61 * * * *"}, at("2026-01-01T00:00:00Z"));
  ASSERT_FALSE(bad_cron);
  EXPECT_EQ(bad_cron.problem().status, 422);
  EXPECT_EQ(bad_cron.problem().errors.at(0).field, "cron");
  auto bad_zone = put({.name = "x", .type = "t", .cron = "@daily", .time_zone = "Mars/Olympus"}, at("2026-01-01T00:00:00Z"));
  ASSERT_FALSE(bad_zone);
  EXPECT_EQ(bad_zone.problem().errors.at(0).field, "time_zone");
  EXPECT_FALSE(put({.name = "", .type = "t", .cron = "@daily"}, at("2026-01-01T00:00:00Z")));
  EXPECT_EQ(rows("SELECT count(*) FROM job_schedules"), (std::vector<std::vector<std::string>>{{"0"}}));
}

TEST_P(Schedules, ReplacingOrRemovingANamedSchedule) {
  auto first = put({.workspace_id = "w1", .name = "s", .type = "t", .cron = "@daily"}, at("2026-01-01T00:00:00Z"));
  auto second = put({.workspace_id = "w1", .name = "s", .type = "t", .cron = "*/5 * * * *"}, at("2026-01-01T00:00:00Z"));
  auto other = put({.workspace_id = "w2", .name = "s", .type = "t", .cron = "@daily"}, at("2026-01-01T00:00:00Z"));
  ASSERT_TRUE(first && second && other);
  EXPECT_EQ(*first, *second);
  EXPECT_NE(*first, *other) << "names are per workspace";
  EXPECT_EQ(rows("SELECT next_run_at FROM job_schedules WHERE workspace_id = 'w1'"),
            (std::vector<std::vector<std::string>>{{"2026-01-01T00:05:00.000Z"}}));
  bool removed = false;
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    removed = remove_schedule(c, "w1", "s");
    return ok_status();
  }));
  EXPECT_TRUE(removed);
  EXPECT_EQ(rows("SELECT count(*) FROM job_schedules"), (std::vector<std::vector<std::string>>{{"1"}}));
}

// The runner fires a due schedule and runs its job.
TEST_P(Schedules, TheRunnerFiresDueSchedulesAndRunsTheirJobs) {
  std::atomic<int> runs{0};
  RunnerOptions o;
  o.poll = 50ms;
  o.reap_every = 50ms;
  Runner r(db(), o);
  r.add_type({.name = "test.tick", .handler = [&](JobContext&) {
                ++runs;
                return Outcome::done();
              }});
  ASSERT_TRUE(put({.name = "tick", .type = "test.tick", .cron = "* * * * *"}, clock::now_ms() - 120'000));
  r.start();
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (runs.load() < 1 && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(10ms);
  std::this_thread::sleep_for(200ms);
  r.stop();
  EXPECT_EQ(runs.load(), 1) << "the two missed minutes fire once; the next is in the future";
}

INSTANTIATE_TEST_SUITE_P(Engines, Schedules, ::testing::Values("sqlite", "postgres"), [](const auto& info) { return info.param; });

TEST(PgSchedules, TwoNodesFiringAtOnceEnqueueOneJobAPeriod) {
  RAPPORT_REQUIRE_PG();
  db::PgTestDatabase pg("sched");
  db::PgDatabase d1(pg.opts(), 4), d2(pg.opts(), 4);
  const int64_t start = *clock::parse_datetime("2026-01-01T00:00:00Z");
  ASSERT_TRUE(d1.write([&](db::Connection& c) -> Status {
    for (int i = 0; i < 50; ++i) {
      std::string name = "s";
      name += std::to_string(i);  // not "s" + ...: GCC 12 warns falsely (-Wstringop-overflow) on that
      if (!put_schedule(c, {.name = name, .type = "t", .cron = "* * * * *"}, start)) return Problem::internal();
    }
    return ok_status();
  }));
  // Both nodes fire each of ten minutes at the same moment.
  for (int minute = 1; minute <= 10; ++minute) {
    const int64_t now = start + minute * 60'000;
    auto fire_on = [&](db::Database& d) {
      EXPECT_TRUE(d.write([&](db::Connection& c) -> Status {
        fire_due(c, now);
        return ok_status();
      }));
    };
    std::thread a(fire_on, std::ref(d1)), b(fire_on, std::ref(d2));
    a.join();
    b.join();
  }
  auto count = d1.read([](db::Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM jobs")); });
  EXPECT_EQ(count, 500) << "50 schedules x 10 minutes, one job each";
}

}  // namespace
}  // namespace rapport::jobs
