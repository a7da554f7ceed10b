// The recurring scan on a migrated SQLite database: a scan is due for an object whose live records
// changed since its last successful scan, and for no other.
#include "modules/dedupe/scan_schedule.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "modules/dedupe/scan.hpp"
#include "platform/db/migrations.hpp"
#include "platform/db/sqlite.hpp"
#include "platform/db/sqlite_database.hpp"
#include "platform/test_temp_dir.hpp"

namespace rapport::dedupe {
namespace {

class ScanSchedule : public ::testing::Test {
 protected:
  TempDir temp{"rapport-dedupe"};
  const std::filesystem::path& dir = temp.dir;
  std::unique_ptr<db::SqliteDatabase> db;

  void SetUp() override {
    std::string path = (dir / "t.db").string();
    {
      db::SqliteConnection c(path, false);
      db::migrate(c);
      c.exec("INSERT INTO workspaces(id, name, created_at) VALUES ('ws1', 'W1', '2026-01-01T00:00:00.000Z'), "
             "('ws2', 'W2', '2026-01-01T00:00:00.000Z')");
      c.exec("INSERT INTO contacts(id, workspace_id, last_name, created_at, updated_at) VALUES "
             "('c1', 'ws1', 'A', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')");
    }
    db = std::make_unique<db::SqliteDatabase>(path, 2);
  }
  void TearDown() override {
    db.reset();
  }
  void exec(const std::string& sql) {
    ASSERT_TRUE(db->write([&](db::Connection& c) -> Status {
      c.exec(sql);
      return ok_status();
    }));
  }
  int64_t queued() {
    return db->read([&](db::Connection& c) {
      return std::get<int64_t>(c.scalar("SELECT count(*) FROM jobs WHERE type = 'dedupe.scan' AND state = 'queued'"));
    });
  }
};

TEST_F(ScanSchedule, OnlyObjectsChangedSinceTheirLastScanAreScanned) {
  // ws1's contacts were never scanned; ws2 has no records; no companies or leads anywhere.
  EXPECT_EQ(enqueue_due_scans(*db), 1u);
  EXPECT_EQ(queued(), 1);
  // The scan ran after the last change: nothing is due.
  exec("UPDATE jobs SET state = 'succeeded', started_at = '2026-03-01T00:00:00.000Z', finished_at = '2026-03-01T00:00:01.000Z' "
       "WHERE type = 'dedupe.scan'");
  EXPECT_EQ(enqueue_due_scans(*db), 0u);
  EXPECT_EQ(queued(), 0);
  // A change since: due again. A deleted record's change is none.
  exec("INSERT INTO contacts(id, workspace_id, last_name, created_at, updated_at, deleted_at) VALUES "
       "('c2', 'ws1', 'B', '2026-01-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z')");
  EXPECT_EQ(enqueue_due_scans(*db), 0u);
  exec("UPDATE contacts SET updated_at = '2026-04-02T00:00:00.000Z' WHERE id = 'c1'");
  EXPECT_EQ(enqueue_due_scans(*db), 1u);
  EXPECT_EQ(queued(), 1);
  // Another workspace's scan is its own.
  exec("INSERT INTO leads(id, workspace_id, last_name, status, created_at, updated_at) VALUES "
       "('l1', 'ws2', 'L', 'new', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
  EXPECT_EQ(enqueue_due_scans(*db), 2u);
}

}  // namespace
}  // namespace rapport::dedupe
