#include "platform/db/bulk_writing.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "platform/db/sqlite.hpp"
#include "platform/test_temp_dir.hpp"

namespace rapport::db {
namespace {
namespace fs = std::filesystem;

int64_t pragma(Connection& c, const std::string& name) { return std::get<int64_t>(c.scalar("PRAGMA " + name)); }

TEST(BulkWriting, GrowsTheSqliteWritersCacheAndCheckpointIntervalThenRestoresThem) {
  const TempDir temp("rapport-bulk");
  const fs::path& dir = temp.dir;
  {
    SqliteConnection c((dir / "t.db").string(), false);
    EXPECT_EQ(pragma(c, "cache_size"), -kWriterCacheKiB);
    EXPECT_EQ(pragma(c, "wal_autocheckpoint"), kCheckpointPages);
    set_bulk_writing(c, true);
    EXPECT_EQ(pragma(c, "cache_size"), -kBulkCacheKiB);
    EXPECT_EQ(pragma(c, "wal_autocheckpoint"), kBulkCheckpointPages);
    set_bulk_writing(c, false);
    EXPECT_EQ(pragma(c, "cache_size"), -kWriterCacheKiB);
    EXPECT_EQ(pragma(c, "wal_autocheckpoint"), kCheckpointPages);
  }
}

}  // namespace
}  // namespace rapport::db
