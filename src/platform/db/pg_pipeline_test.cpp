// Needs the private cluster of scripts/test.sh (RAPPORT_TEST_PG_URL); each test works in a schema of
// its own so that they can run in parallel.
#include "platform/db/pg_pipeline.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "platform/db/pg_test_support.hpp"

namespace rapport::db {
namespace {

PgOptions pipeline_options() {
  PgOptions o;
  o.url = pg_test_url();
  return o;
}

// Turns a hang into a failure: unless dismissed within `limit`, ends the backend behind `pid`, so the
// waiting pipeline throws PgUnavailable instead of waiting forever.
class Watchdog {
 public:
  Watchdog(int pid, std::chrono::seconds limit) {
    thread_ = std::thread([this, pid, limit] {
      std::unique_lock lock(mu_);
      if (cv_.wait_for(lock, limit, [this] { return done_; })) return;
      PgConnection admin(pipeline_options());
      admin.exec("SELECT pg_terminate_backend($1)", {int64_t{pid}});
    });
  }
  ~Watchdog() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

// A connection whose search_path is a fresh schema (with one table t), dropped at the end.
class PgPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RAPPORT_REQUIRE_PG();
    schema_ = "pipe_" + std::to_string(::getpid()) + "_" + std::to_string(std::rand() % 1000000);
    c_ = std::make_unique<PgConnection>(pipeline_options());
    c_->exec_script("CREATE SCHEMA " + schema_ + "; SET search_path TO " + schema_ +
                    "; CREATE TABLE t (id BIGINT PRIMARY KEY, email TEXT UNIQUE, note TEXT)");
  }
  void TearDown() override {
    if (schema_.empty()) return;
    try {
      PgConnection admin(pipeline_options());
      admin.exec_script("DROP SCHEMA " + schema_ + " CASCADE");
    } catch (...) {
    }
  }
  int64_t count() { return c_->exec("SELECT count(*) FROM t").int64(0, 0); }

  std::string schema_;
  std::unique_ptr<PgConnection> c_;
};

const std::string kInsert = "INSERT INTO t (id, email, note) VALUES ($1, $2, $3)";

TEST_F(PgPipelineTest, TenThousandInsertsInOneTransactionLand) {
  int64_t affected = 0;
  {
    PgPipeline p(*c_);
    p.send("BEGIN");
    for (int64_t i = 1; i <= 10000; ++i) {
      p.send(kInsert, {i, "user" + std::to_string(i) + "@example.com", i % 3 ? db::Value(nullptr) : db::Value("n")},
             [&](const PgResult& r) { affected += r.affected(); });
    }
    EXPECT_GT(p.pending(), 0u);  // nothing waited for an answer so far
    p.send("COMMIT");
    p.sync();
    EXPECT_EQ(p.pending(), 0u);
  }
  EXPECT_EQ(affected, 10000);
  EXPECT_EQ(count(), 10000);
  EXPECT_EQ(c_->exec("SELECT count(*) FROM t WHERE note IS NULL").int64(0, 0), 6667);
  EXPECT_EQ(c_->exec("SELECT email FROM t WHERE id = 4321").text(0, 0), "user4321@example.com");
}

TEST_F(PgPipelineTest, ResultsArriveInOrderWithoutASyncPoint) {
  Watchdog watchdog(c_->backend_pid(), std::chrono::seconds(20));
  PgPipeline p(*c_);
  std::vector<int64_t> seen;
  for (int64_t i = 0; i < 300; ++i)
    p.send("SELECT $1::bigint * 2", {i}, [&](const PgResult& r) { seen.push_back(r.int64(0, 0)); });
  const auto start = std::chrono::steady_clock::now();
  p.wait_pending(0);  // asks the server for what it holds, without a sync point
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10)) << "the results came only when the watchdog struck";
  ASSERT_EQ(seen.size(), 300u);
  for (int64_t i = 0; i < 300; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i)], 2 * i);
}

TEST_F(PgPipelineTest, UniqueViolationMidBatchRollsBackCleanly) {
  {
    PgPipeline p(*c_);
    p.send("BEGIN");
    for (int64_t i = 1; i <= 5000; ++i) {
      // Row 2500 repeats row 10's email.
      std::string email = std::to_string(i == 2500 ? 10 : i);
      email += "@example.com";
      p.send(kInsert, {i, email, nullptr});
    }
    p.send("COMMIT");
    try {
      p.sync();
      ADD_FAILURE() << "the duplicate email was accepted";
    } catch (const ConstraintError& e) {
      EXPECT_NE(std::string(e.what()).find("23505"), std::string::npos) << e.what();
    }
    EXPECT_EQ(p.pending(), 0u);
    // The transaction is aborted: roll it back through the same pipeline, which keeps working.
    p.send("ROLLBACK");
    p.sync();
    p.send(kInsert, {int64_t{1}, std::string("after@example.com"), nullptr});
    p.sync();
  }
  EXPECT_EQ(count(), 1);  // nothing of the failed batch, the row sent afterwards
  // The connection works normally once the pipeline is gone.
  EXPECT_EQ(c_->exec("SELECT email FROM t WHERE id = $1", {int64_t{1}}).text(0, 0), "after@example.com");
}

// The error shows up while waiting for results, with nothing else queued: what the caller sends next
// (the ROLLBACK) must not be skipped along with the failed segment.
TEST_F(PgPipelineTest, AnErrorNoticedWhileWaitingStillLetsTheRollbackThrough) {
  PgPipeline p(*c_);
  p.send("BEGIN");
  p.send(kInsert, {int64_t{1}, std::string("a@example.com"), nullptr});
  p.send(kInsert, {int64_t{2}, std::string("a@example.com"), nullptr});
  EXPECT_THROW(p.wait_pending(0), ConstraintError);
  p.send("ROLLBACK");
  p.sync();
  int64_t rows = -1;  // stays -1 if the callback never runs
  p.send("SELECT count(*) FROM t", {}, [&](const PgResult& r) { rows = r.int64(0, 0); });
  p.sync();
  EXPECT_EQ(rows, 0);
}

TEST_F(PgPipelineTest, AnErrorSkipsOnlyUpToTheNextSyncPoint) {
  PgPipeline p(*c_);
  p.send(kInsert, {int64_t{1}, std::string("a@example.com"), nullptr});
  p.send(kInsert, {int64_t{1}, std::string("b@example.com"), nullptr});  // duplicate id
  p.send(kInsert, {int64_t{3}, std::string("c@example.com"), nullptr});  // skipped with it
  p.mark_sync();
  p.send(kInsert, {int64_t{4}, std::string("d@example.com"), nullptr});  // a new segment: runs
  EXPECT_THROW(p.sync(), ConstraintError);
  std::string ids = "(callback never ran)";
  p.send("SELECT string_agg(id::text, ',' ORDER BY id) FROM t", {}, [&](const PgResult& r) { ids = r.text(0, 0); });
  p.sync();
  EXPECT_EQ(ids, "4");
}

TEST_F(PgPipelineTest, AStatementThatCannotBePreparedIsReportedEachTime) {
  PgPipeline p(*c_);
  for (int attempt = 0; attempt < 2; ++attempt) {
    p.send("SELECT FROM no_such_table WHERE", {});
    try {
      p.sync();
      ADD_FAILURE() << "no error";
    } catch (const ConstraintError&) {
      ADD_FAILURE() << "not a constraint error";
    } catch (const DbError& e) {
      // The second time too it is the syntax error, not "prepared statement does not exist".
      EXPECT_NE(std::string(e.what()).find("42601"), std::string::npos) << e.what();
    }
  }
  int64_t one = 0;
  p.send("SELECT 1", {}, [&](const PgResult& r) { one = r.int64(0, 0); });
  p.sync();
  EXPECT_EQ(one, 1);
}

// Tens of megabytes each way with no sync point in between: results must be read while requests are
// still being written, or both sides end up waiting for the other to read.
TEST_F(PgPipelineTest, LargeRequestsAndResultsFlowBothWays) {
  Watchdog watchdog(c_->backend_pid(), std::chrono::seconds(60));
  const std::string big(200 * 1024, 'x');
  std::size_t received = 0;
  {
    PgPipeline p(*c_);
    for (int i = 0; i < 400; ++i)
      p.send("SELECT $1::text || $2::text", {big, std::to_string(i)},
             [&](const PgResult& r) { received += r.view(0, 0).size(); });
    p.sync();
  }
  EXPECT_EQ(received, 400 * big.size() + 10 + 90 * 2 + 300 * 3);
}

TEST_F(PgPipelineTest, ALostConnectionIsUnavailable) {
  PgConnection admin(pipeline_options());
  const int pid = c_->backend_pid();
  PgPipeline p(*c_);
  p.send("SELECT 1");
  p.sync();
  admin.exec("SELECT pg_terminate_backend($1)", {int64_t{pid}});
  bool unavailable = false;
  try {
    for (int64_t i = 0; i < 1000; ++i) p.send(kInsert, {i, std::to_string(i), nullptr});
    p.sync();
  } catch (const PgUnavailable&) {
    unavailable = true;
  }
  EXPECT_TRUE(unavailable);
  EXPECT_FALSE(c_->healthy());
}

TEST_F(PgPipelineTest, ACallbackThatThrowsStopsTheBatch) {
  PgPipeline p(*c_);
  int calls = 0;
  p.send("BEGIN");
  for (int64_t i = 1; i <= 100; ++i) {
    p.send(kInsert, {i, std::to_string(i), nullptr}, [&](const PgResult&) {
      if (++calls == 50) throw std::runtime_error("enough");
    });
  }
  EXPECT_THROW(p.sync(), std::runtime_error);
  EXPECT_EQ(calls, 50);  // no callback after the one that threw
  p.send("ROLLBACK");
  p.sync();
  int64_t rows = -1;  // stays -1 if the callback never runs
  p.send("SELECT count(*) FROM t", {}, [&](const PgResult& r) { rows = r.int64(0, 0); });
  p.sync();
  EXPECT_EQ(rows, 0);
}

}  // namespace
}  // namespace rapport::db
