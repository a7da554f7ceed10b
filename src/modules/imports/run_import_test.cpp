// The size of an import's batches (run_import.cpp, kBulkBatchRows): the first two batches are
// kBatchRows; then, while no request writes beside the import, batches take 4,000 rows (background
// writes, db::BackgroundWrites, do not count); with requests' writes coming (committed between the
// import's batches or queued behind them), they stay at kBatchRows at most (smaller when a batch takes
// longer than batch_size.hpp's budget: batch_size_test.cpp). Each batch's end is seen in the run's
// progress (rows read after each committed batch).
#include "modules/imports/run_import.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "access/user_context.hpp"
#include "modules/customers/specs.hpp"
#include "modules/imports/import_service.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"
#include "platform/db/write_classes.hpp"
#include "platform/records/service.hpp"

namespace rapport::imports {
namespace {

constexpr int kRows = 12000;

class RunImportBatches : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      RAPPORT_REQUIRE_PG();
      pg_ = std::make_unique<db::PgTestDatabase>("runimport");
      pgdb_ = std::make_unique<db::PgDatabase>(pg_->opts(), 4);
    } else {
      sqlite_ = std::make_unique<db::SqliteTestDatabase>();
    }
    const std::string t = "2026-01-01T00:00:00.000Z";
    ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
      c.prepare("INSERT INTO workspaces (id, name, created_at) VALUES ('w1', 'W1', ?)").bind_all({t}).run();
      c.prepare("INSERT INTO users (id, workspace_id, email, password_hash, role, created_at, updated_at) "
                "VALUES ('u1', 'w1', 'admin@example.com', 'x', 'admin', ?, ?)")
          .bind_all({t, t})
          .run();
      return ok_status();
    }).ok());
    contacts_ = std::make_unique<records::Service>(db(), customers::contact_spec());
    companies_ = std::make_unique<records::Service>(db(), customers::company_spec());
  }
  db::Database& db() { return sqlite_ ? static_cast<db::Database&>(*sqlite_->db) : *pgdb_; }
  Services services() {
    return [this](std::string_view object) -> records::Service* {
      if (object == "contacts") return contacts_.get();
      if (object == "companies") return companies_.get();
      return nullptr;
    };
  }
  // Imports kRows contacts (a company a ten, by domain) as `rapport import` does; the rows read
  // after each committed batch.
  std::vector<int64_t> import_rows() {
    std::string csv = "First Name,Last Name,Email,Company Domain Name\r\n";
    for (int i = 0; i < kRows; ++i) {
      std::string n = std::to_string(i);
      csv += "P" + n + ",Batch," + "p" + n + "@mail.example,c" + std::to_string(i / 10) + ".example\r\n";
    }
    auto ctx = db().read([&](db::Connection& c) { return access::user_context(c, "w1", "u1"); });
    EXPECT_TRUE(ctx);
    if (!ctx) return {};
    ImportService service(db(), services());
    auto started = service.start(*ctx, {.object = "contacts", .content_type = "text/csv", .body = csv, .file_name = "batches.csv", .enqueue = false});
    EXPECT_TRUE(started) << started.problem().detail;
    if (!started) return {};
    RunDeps deps{.db = db(), .services = services()};
    std::vector<int64_t> read;
    Status st = run_import(deps, "w1", started->id, {}, [&](const Import& i) {
      if (i.state == "running" && i.counts.read > 0) read.push_back(i.counts.read);
    });
    EXPECT_TRUE(st.ok()) << st.problem().detail;
    auto done = service.get(*ctx, started->id);
    EXPECT_TRUE(done);
    if (done) {
      EXPECT_EQ(done->state, "done");
      EXPECT_EQ(done->counts.created, kRows);
    }
    return read;
  }

  // import_rows() while three threads keep writing the whole time (each waits for its write, then
  // sends the next at once), under db::BackgroundWrites or as requests do.
  std::vector<int64_t> import_rows_beside_writers(bool background) {
    std::atomic<bool> stop = false;
    std::atomic<int64_t> writes = 0;
    std::vector<std::thread> writers;
    for (int t = 0; t < 3; ++t)
      writers.emplace_back([&] {
        std::optional<db::BackgroundWrites> marked;
        if (background) marked.emplace();
        while (!stop) {
          Status st = db().write([](db::Connection& c) -> Status {
            c.prepare("UPDATE workspaces SET name = 'W1' WHERE id = 'w1'").run();
            return ok_status();
          });
          if (st.ok()) ++writes;
        }
      });
    std::vector<int64_t> read = import_rows();
    stop = true;
    for (auto& w : writers) w.join();
    EXPECT_GT(writes.load(), 0);
    return read;
  }

  std::unique_ptr<db::SqliteTestDatabase> sqlite_;
  std::unique_ptr<db::PgTestDatabase> pg_;
  std::unique_ptr<db::PgDatabase> pgdb_;
  std::unique_ptr<records::Service> contacts_, companies_;
};

TEST_P(RunImportBatches, AloneOnTheWriterBatchesGrowAfterTheFirst) {
  std::vector<int64_t> read = import_rows();
  // The second batch is planned while the first is written: it is small too.
  EXPECT_EQ(read, (std::vector<int64_t>{1000, 2000, 6000, 10000, 12000}));
  EXPECT_EQ(db().read([](db::Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM contacts WHERE workspace_id = 'w1'")); }), kRows);
}

// Three threads keep writing the whole time (each waits for its write, then sends the next at once):
// every batch sees other writes, so all stay at kBatchRows. (A batch could grow only if all three
// threads were off the CPU for a whole batch: at most one is allowed for.)
TEST_P(RunImportBatches, WithOtherWritesBatchesStaySmall) {
  std::vector<int64_t> read = import_rows_beside_writers(false);
  ASSERT_FALSE(read.empty());
  EXPECT_EQ(read.back(), kRows);
  int big = 0;
  for (std::size_t i = 0; i < read.size(); ++i)
    if (read[i] - (i == 0 ? 0 : read[i - 1]) > static_cast<int64_t>(kBatchRows)) ++big;
  EXPECT_LE(big, 1) << "batches grew while writes were waiting";
  EXPECT_GE(read.size(), 11u);
}

// Three threads keep writing under db::BackgroundWrites the whole time (as the outbox relay and the
// job runner do beside an import in `rapport serve`): nobody waits on those, so the batches grow as
// when the import writes alone.
TEST_P(RunImportBatches, BackgroundWritesBesideItDoNotKeepBatchesSmall) {
  std::vector<int64_t> read = import_rows_beside_writers(true);
  EXPECT_EQ(read, (std::vector<int64_t>{1000, 2000, 6000, 10000, 12000}));
}

INSTANTIATE_TEST_SUITE_P(Engines, RunImportBatches, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::imports
