// db::ScanReading maps the SQLite file for one read and leaves the connection without a mapping
// after, as the readers are opened (sqlite.cpp); the rows read are the same either way.
#include "platform/db/scan_reading.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "platform/db/sqlite.hpp"
#include "platform/test_temp_dir.hpp"

namespace rapport::db {
namespace {
namespace fs = std::filesystem;

int64_t mmap_size(Connection& c) { return std::get<int64_t>(c.scalar("PRAGMA mmap_size")); }

TEST(ScanReading, MapsTheFileForTheReadOnlyAndReadsTheSameRows) {
  const TempDir temp("rapport-scan");
  const fs::path& dir = temp.dir;
  const std::string path = (dir / "t.db").string();
  {
    SqliteConnection w(path, false);
    w.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
    w.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) INSERT INTO t SELECT i, hex(randomblob(20)) FROM n");
  }
  SqliteConnection r(path, true);
  EXPECT_EQ(mmap_size(r), 0) << "readers keep no mapping";
  const auto sum = [&] { return std::get<std::string>(r.scalar("SELECT group_concat(v, '') FROM (SELECT v FROM t ORDER BY id)")); };
  const std::string copied = sum();
  {
    ScanReading scan(r);
    EXPECT_GT(mmap_size(r), 0);
    EXPECT_EQ(sum(), copied);
  }
  EXPECT_EQ(mmap_size(r), 0) << "back to no mapping after the read";
}

}  // namespace
}  // namespace rapport::db
