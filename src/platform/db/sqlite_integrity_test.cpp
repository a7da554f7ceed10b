// A migrated SQLite database passes PRAGMA integrity_check, rows included. SQLite 3.40 (Debian
// bookworm) reports a false "NULL value in T.c" for a WITHOUT ROWID table whose NOT NULL column sits
// between two of its key's columns (record_counts had that layout until migration 68): an operator's
// check of a sound database failed. The layout test keeps any later table from having it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "platform/db/migrations.hpp"
#include "platform/db/sqlite.hpp"

namespace rapport::db {
namespace {

struct IntegrityDb {
  std::string path = (std::filesystem::temp_directory_path() / ("integrity_" + std::to_string(::getpid()) + ".db")).string();
  ~IntegrityDb() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
};

std::vector<Migration> up_to(int version) {
  std::vector<Migration> out;
  for (const auto& m : embedded_migrations())
    if (m.version <= version) out.push_back(m);
  return out;
}

std::string integrity(Connection& c) {
  std::string all;
  auto& st = c.prepare("PRAGMA integrity_check");
  while (st.step()) all += st.text(0) + "\n";
  st.reset();
  return all;
}

TEST(SqliteIntegrity, ACountedDatabaseChecksCleanAfterTheMigrationKeepingItsCounts) {
  IntegrityDb db;
  SqliteConnection c(db.path, false);
  migrate(c, up_to(67));
  c.exec("INSERT INTO record_counts(workspace_id, object_type, slot, live) VALUES ('w1', 'contacts', 0, 41), ('w1', 'contacts', 3, 1), "
         "('w1', 'deals', 0, 7)");
  EXPECT_NE(integrity(c), "ok\n") << "the old layout trips this SQLite's check (if it no longer does, migration 68 is moot)";
  migrate(c, embedded_migrations());
  EXPECT_EQ(integrity(c), "ok\n");
  EXPECT_EQ(std::get<int64_t>(c.scalar("SELECT sum(live) FROM record_counts WHERE workspace_id = 'w1' AND object_type = 'contacts'")), 42);
  EXPECT_EQ(std::get<int64_t>(c.scalar("SELECT count(*) FROM record_counts")), 3);
  c.exec("INSERT INTO record_counts(workspace_id, object_type, slot, live) VALUES ('w1', 'deals', 0, 1) "
         "ON CONFLICT(workspace_id, object_type, slot) DO UPDATE SET live = record_counts.live + excluded.live");
  EXPECT_EQ(std::get<int64_t>(c.scalar("SELECT live FROM record_counts WHERE object_type = 'deals'")), 8);
  EXPECT_EQ(integrity(c), "ok\n");
}

TEST(SqliteIntegrity, NoKeylessTableHasANotNullColumnBetweenItsKeyColumns) {
  IntegrityDb db;
  SqliteConnection c(db.path, false);
  migrate(c, embedded_migrations());
  std::vector<std::string> tables;
  auto& list = c.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID%'");
  while (list.step()) tables.push_back(list.text(0));
  list.reset();
  ASSERT_FALSE(tables.empty());
  for (const auto& t : tables) {
    // table_info: cid, name, type, notnull, default, pk (the column's place in the key, 0 if none).
    std::vector<std::pair<bool, bool>> columns;  // (in the key, NOT NULL)
    auto& info = c.prepare("SELECT pk, \"notnull\" FROM pragma_table_info(?) ORDER BY cid");
    info.bind(1, Value{t});
    while (info.step()) columns.emplace_back(info.int64(0) > 0, info.int64(1) != 0);
    info.reset();
    bool key_seen = false;
    size_t last_key = 0;
    for (size_t i = 0; i < columns.size(); ++i)
      if (columns[i].first) last_key = i;
    for (size_t i = 0; i < last_key; ++i) {
      key_seen = key_seen || columns[i].first;
      EXPECT_FALSE(key_seen && !columns[i].first && columns[i].second)
          << t << ": column " << i << " is NOT NULL and outside the key, between key columns";
    }
  }
}

}  // namespace
}  // namespace rapport::db
