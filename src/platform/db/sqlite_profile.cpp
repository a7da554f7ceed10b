#include "platform/db/sqlite_profile.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace rapport::db {

std::unique_ptr<SqliteProfile> SqliteProfile::attach(sqlite3* db, bool read_only) {
  const char* path = std::getenv("RAPPORT_SQLITE_PROFILE");
  if (!path || !*path) return nullptr;
  return std::unique_ptr<SqliteProfile>(new SqliteProfile(db, path, read_only));
}

SqliteProfile::SqliteProfile(sqlite3* db, std::string path, bool read_only)
    : db_(db), path_(std::move(path)), read_only_(read_only) {
  sqlite3_trace_v2(db_, SQLITE_TRACE_PROFILE, &SqliteProfile::on_trace, this);
}

int SqliteProfile::on_trace(unsigned type, void* self, void* stmt, void* nanoseconds) {
  if (type != SQLITE_TRACE_PROFILE) return 0;
  auto* p = static_cast<SqliteProfile*>(self);
  const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(stmt));
  // Multi-row statements differ only in their row count: the first 160 characters name them.
  std::string key = sql ? std::string(sql).substr(0, 160) : std::string("?");
  auto& t = p->totals_[key];
  ++t.runs;
  t.nanoseconds += *static_cast<const int64_t*>(nanoseconds);
  return 0;
}

SqliteProfile::~SqliteProfile() {
  sqlite3_trace_v2(db_, 0, nullptr, nullptr);
  if (totals_.empty()) return;
  std::vector<std::pair<std::string, Totals>> rows(totals_.begin(), totals_.end());
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.nanoseconds > b.second.nanoseconds; });
  // Connections close one at a time in practice; the lock keeps their tables whole if not.
  static std::mutex mu;
  std::lock_guard lock(mu);
  FILE* f = std::fopen(path_.c_str(), "a");
  if (!f) return;
  std::fprintf(f, "-- %s connection: ms, runs, statement\n", read_only_ ? "reader" : "writer");
  for (const auto& [sql, t] : rows)
    std::fprintf(f, "%10.1f %9lld  %s\n", static_cast<double>(t.nanoseconds) / 1e6, static_cast<long long>(t.runs), sql.c_str());
  std::fclose(f);
}

}  // namespace rapport::db
