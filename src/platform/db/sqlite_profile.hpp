// SQLite's own timing of each statement, for finding where a write path's time goes: with
// RAPPORT_SQLITE_PROFILE=FILE in the environment, every connection sums the time SQLite reports for
// each statement text (sqlite3_trace_v2's SQLITE_TRACE_PROFILE: wall time from the first step to the
// reset) and appends the table, longest total first, to FILE when it closes. Off (no trace callback,
// no cost) when the variable is unset.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace rapport::db {

class SqliteProfile {
 public:
  // The profile for a new connection `db`, or null when RAPPORT_SQLITE_PROFILE is unset.
  static std::unique_ptr<SqliteProfile> attach(sqlite3* db, bool read_only);
  ~SqliteProfile();  // appends the table to the file

 private:
  struct Totals {
    int64_t runs = 0;
    int64_t nanoseconds = 0;
  };
  SqliteProfile(sqlite3* db, std::string path, bool read_only);
  static int on_trace(unsigned type, void* self, void* stmt, void* nanoseconds);

  sqlite3* db_;
  std::string path_;
  bool read_only_;
  std::unordered_map<std::string, Totals> totals_;  // by the statement's SQL text
};

}  // namespace rapport::db
