// attempt_holds on both engines: true for the running attempt of a job, false once the job was requeued
// (its lease expired and was reaped), claimed again by a later attempt, cancelled or ended.
#include "platform/jobs/attempt.hpp"

#include <gtest/gtest.h>

#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"
#include "platform/jobs/enqueue.hpp"

namespace rapport::jobs {
namespace {

class Attempt : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      RAPPORT_REQUIRE_PG();
      pg_ = std::make_unique<db::PgTestDatabase>("attempt");
      db_ = std::make_unique<db::PgDatabase>(pg_->opts(), 2);
    } else {
      sqlite_ = std::make_unique<db::SqliteTestDatabase>();
    }
  }
  db::Database& db() { return sqlite_ ? static_cast<db::Database&>(*sqlite_->db) : *db_; }
  void sql(const std::string& text, const std::vector<db::Value>& params) {
    ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
      c.prepare(text).bind_all(params).run();
      return ok_status();
    }));
  }
  bool holds(const Job& job) {
    bool out = false;
    EXPECT_TRUE(db().write([&](db::Connection& c) -> Status {
      out = attempt_holds(c, job);
      return ok_status();
    }));
    return out;
  }

  std::unique_ptr<db::SqliteTestDatabase> sqlite_;
  std::unique_ptr<db::PgTestDatabase> pg_;
  std::unique_ptr<db::Database> db_;
};

TEST_P(Attempt, HoldsWhileRunningAndNoLaterAttemptWasClaimed) {
  Job job;
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    job.id = enqueue(c, {.type = "test.long"});
    return ok_status();
  }));
  job.attempt = 1;
  EXPECT_FALSE(holds(job)) << "queued: no attempt holds it";
  sql("UPDATE jobs SET state = 'running', attempts = 1, lease_owner = 'n1' WHERE id = ?", {job.id});
  EXPECT_TRUE(holds(job));
  sql("UPDATE jobs SET state = 'queued', lease_owner = NULL WHERE id = ?", {job.id});  // reaped
  EXPECT_FALSE(holds(job));
  sql("UPDATE jobs SET state = 'running', attempts = 2, lease_owner = 'n2' WHERE id = ?", {job.id});  // taken over
  EXPECT_FALSE(holds(job)) << "attempt 1 after attempt 2 was claimed";
  job.attempt = 2;
  EXPECT_TRUE(holds(job));
  sql("UPDATE jobs SET state = 'cancelled' WHERE id = ?", {job.id});
  EXPECT_FALSE(holds(job));
  EXPECT_FALSE(holds(Job{.id = "no-such-job", .attempt = 1}));
}

INSTANTIATE_TEST_SUITE_P(Engines, Attempt, ::testing::Values("sqlite", "postgres"), [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::jobs
