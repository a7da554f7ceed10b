// The fan-out job on both engines: it calls enqueue once for each workspace its query names, inside
// one transaction, so a failure part-way leaves nothing enqueued and the job is retried.
#include "platform/jobs/fan_out.hpp"

#include <gtest/gtest.h>

#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"

namespace rapport::jobs {
namespace {

class FanOut : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      RAPPORT_REQUIRE_PG();
      pg_ = std::make_unique<db::PgTestDatabase>("fanout");
      db_ = std::make_unique<db::PgDatabase>(pg_->opts(), 2);
    } else {
      sqlite_ = std::make_unique<db::SqliteTestDatabase>();
    }
    ASSERT_TRUE(db().write([](db::Connection& c) -> Status {
      for (const char* id : {"w-b", "w-a", "w-c"})
        c.prepare("INSERT INTO workspaces (id, name, time_zone, created_at) VALUES (?, ?, 'UTC', '2026-01-01T00:00:00.000Z')")
            .bind_all({std::string(id), std::string("Workspace ") + id})
            .run();
      c.prepare("CREATE TABLE fan_out_marks (workspace_id TEXT NOT NULL)").run();
      return ok_status();
    }));
  }
  db::Database& db() { return sqlite_ ? static_cast<db::Database&>(*sqlite_->db) : *db_; }
  Outcome run(JobType& t) {
    Job job{"j1", "", t.name, boost::json::object{}, 1, 0, 0};
    JobContext ctx(job, std::stop_token{}, db(), "test", 0);
    return t.handler(ctx);
  }
  std::vector<std::string> marks() {
    return db().read([](db::Connection& c) {
      std::vector<std::string> out;
      auto& q = c.prepare("SELECT workspace_id FROM fan_out_marks ORDER BY workspace_id");
      while (q.step()) out.push_back(q.text(0));
      q.reset();
      return out;
    });
  }

  std::unique_ptr<db::SqliteTestDatabase> sqlite_;
  std::unique_ptr<db::PgTestDatabase> pg_;
  std::unique_ptr<db::PgDatabase> db_;
};

TEST_P(FanOut, EnqueuesForEachWorkspaceTheQueryNames) {
  auto t = fan_out_job_type(db(), "test.fan_out", "SELECT id FROM workspaces WHERE id <> 'w-c' ORDER BY id",
                            [](db::Connection& c, const std::string& ws) {
                              c.prepare("INSERT INTO fan_out_marks (workspace_id) VALUES (?)").bind_all({ws}).run();
                            });
  EXPECT_EQ(t.name, "test.fan_out");
  EXPECT_EQ(t.concurrency, 1);
  EXPECT_EQ(run(t).kind, Outcome::Kind::Done);
  EXPECT_EQ(marks(), (std::vector<std::string>{"w-a", "w-b"}));
}

TEST_P(FanOut, AFailurePartWayEnqueuesNothingAndIsRetried) {
  auto t = fan_out_job_type(db(), "test.fan_out", "SELECT id FROM workspaces ORDER BY id", [](db::Connection& c, const std::string& ws) {
    if (ws == "w-c") throw std::runtime_error("the third workspace's job cannot be enqueued");
    c.prepare("INSERT INTO fan_out_marks (workspace_id) VALUES (?)").bind_all({ws}).run();
  });
  EXPECT_EQ(run(t).kind, Outcome::Kind::Retry);
  EXPECT_TRUE(marks().empty()) << "the first two were rolled back with the third";
}

INSTANTIATE_TEST_SUITE_P(Engines, FanOut, ::testing::Values("sqlite", "postgres"), [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::jobs
