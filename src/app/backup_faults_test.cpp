// `rapport backup` while the storage fails (SqliteFaultVfs): the command reports the failure and
// leaves no backup file, half-written or whole, nor any of SQLite's side files (it left the copy's
// rollback journal, `<out>.partial-journal`, after a failed fsync); the database it copied is
// untouched; once the storage heals the same command writes a backup that checks clean.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <utility>
#include <vector>

#include "app/commands.hpp"
#include "platform/db/migrations.hpp"
#include "platform/db/sqlite.hpp"
#include "platform/db/sqlite_fault_vfs.hpp"
#include "platform/test_temp_dir.hpp"

namespace rapport::app {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// The command as `rapport backup` runs it: main() reports what it throws and exits 1.
int backup(const fs::path& data, const fs::path& out) {
  try {
    return backup_command(data.string(), "", out.string());
  } catch (const std::exception& e) {
    std::cerr << "rapport: " << e.what() << "\n";
    return 1;
  }
}

TEST(BackupFaults, AFailedBackupLeavesNoFileAndTheNextOneSucceeds) {
  const TempDir temp("rapport-backup-faults");
  const fs::path& dir = temp.dir;
  fs::path data = dir / "data", out = dir / "out";
  fs::create_directories(data);
  fs::create_directories(out);
  {
    db::SqliteConnection c((data / "rapport.db").string(), false);
    db::migrate(c);
  }
  const auto data_files = files_in(data);
  // The copy makes hundreds of writes and reads but three fsyncs: each kind fails from its first
  // call on, or from a later one.
  const std::vector<std::pair<db::FaultCall, std::vector<int64_t>>> plans = {
      {db::FaultCall::Write, {0, 5, 50}}, {db::FaultCall::Sync, {0, 1, 2}}, {db::FaultCall::Read, {0, 5, 50}}};
  for (const auto& [kind, passes] : plans) {
    for (int64_t pass : passes) {
      db::SqliteFaultVfs faults;
      faults.fail(kind, pass);
      fs::path target = out / "backup.db";
      EXPECT_EQ(backup(data, target), 1) << "kind " << static_cast<int>(kind) << ", pass " << pass << ": "
                                         << faults.calls(kind) << " calls";
      faults.clear();
      EXPECT_TRUE(files_in(out).empty()) << "pass " << pass << ": left " << files_in(out).front();
      EXPECT_EQ(backup(data, target), 0);
      {
        db::SqliteConnection copy(target.string(), true);
        EXPECT_EQ(std::get<std::string>(copy.scalar("PRAGMA integrity_check")), "ok");
        EXPECT_EQ(copy.scalar("SELECT max(version) FROM schema_migrations"),
                  db::Value{int64_t{db::embedded_migrations().back().version}});
      }
      fs::remove_all(out);  // the backup and the side files the check's connection made
      fs::create_directories(out);
    }
  }
  {  // The database copied is as it was (its -wal and -shm, SQLite's own, may have appeared).
    db::SqliteConnection source((data / "rapport.db").string(), true);
    EXPECT_EQ(std::get<std::string>(source.scalar("PRAGMA integrity_check")), "ok");
  }
  auto after = files_in(data);
  for (const char* expected : {"last-backup", "rapport.db-shm", "rapport.db-wal"})
    after.erase(std::remove(after.begin(), after.end(), expected), after.end());
  EXPECT_EQ(after, data_files) << "the data directory holds what it held";
}

// The backup written whole to another disk while the data directory's is full: the backup is kept
// and the command succeeds with a warning that its time was not recorded (it exited 1 and left the
// whole backup behind as if it had failed, and an empty last-backup.tmp in the data directory).
TEST(BackupFaults, ADataDirectoryTooFullForTheRecordKeepsTheWholeBackup) {
  const TempDir temp("rapport-backup-full");
  const fs::path& dir = temp.dir;
  fs::path data = dir / "data", out = dir / "out";
  fs::create_directories(data);
  fs::create_directories(out);
  {
    db::SqliteConnection c((data / "rapport.db").string(), false);
    db::migrate(c);
  }
  fs::create_symlink("/dev/full", data / "last-backup.tmp");  // every write ENOSPC, as a full disk
  std::ostringstream err;
  std::streambuf* old = std::cerr.rdbuf(err.rdbuf());
  const int code = backup(data, out / "backup.db");
  std::cerr.rdbuf(old);
  EXPECT_EQ(code, 0);
  EXPECT_NE(err.str().find("not recorded"), std::string::npos) << err.str();
  {
    db::SqliteConnection copy((out / "backup.db").string(), true);
    EXPECT_EQ(std::get<std::string>(copy.scalar("PRAGMA integrity_check")), "ok");
  }
  EXPECT_FALSE(fs::exists(fs::symlink_status(data / "last-backup.tmp")));
  EXPECT_FALSE(fs::exists(data / "last-backup"));
}

}  // namespace
}  // namespace rapport::app
