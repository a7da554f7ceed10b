// When the last successful `rapport backup` finished, kept in <data>/last-backup (one RFC 3339 UTC
// time) so that the server can report the backup's age (rapport_backup_age_seconds) without a
// database write from the backup command.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace rapport::app {

// Writes the time atomically (a reader sees the old time or the new one); throws on I/O failure
// (the disk full), leaving the old time and no temporary file.
void record_backup(const std::string& data_dir, int64_t finished_ms);
// nullopt when no backup was recorded (or the file does not hold a time).
std::optional<int64_t> last_backup_ms(const std::string& data_dir);

}  // namespace rapport::app
