#include "app/backup_record.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace rapport::app {
namespace {

TEST(BackupRecord, KeepsTheLastBackupsTime) {
  auto dir = std::filesystem::temp_directory_path() / ("rapport-backup-record-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  EXPECT_FALSE(last_backup_ms(dir.string()).has_value());
  record_backup(dir.string(), 1'700'000'000'123);
  record_backup(dir.string(), 1'700'000'100'456);
  EXPECT_EQ(last_backup_ms(dir.string()), 1'700'000'100'456);
  std::ofstream(dir / "last-backup") << "not a time\n";
  EXPECT_FALSE(last_backup_ms(dir.string()).has_value());
  std::filesystem::remove_all(dir);
}

// A data directory too full for the record (its temporary file a link to /dev/full, which refuses
// every write with ENOSPC as a full disk does): an error, the time before kept, no temporary file
// left (a full tmpfs under the data directory left an empty last-backup.tmp).
TEST(BackupRecord, AFullDiskKeepsTheTimeBeforeAndLeavesNoTemporaryFile) {
  auto dir = std::filesystem::temp_directory_path() / ("rapport-backup-record-full-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  record_backup(dir.string(), 1'700'000'000'123);
  std::filesystem::create_symlink("/dev/full", dir / "last-backup.tmp");
  EXPECT_THROW(record_backup(dir.string(), 1'700'000'100'456), std::runtime_error);
  EXPECT_EQ(last_backup_ms(dir.string()), 1'700'000'000'123);
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(dir / "last-backup.tmp")));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace rapport::app
