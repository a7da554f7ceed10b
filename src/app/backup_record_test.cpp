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

}  // namespace
}  // namespace rapport::app
