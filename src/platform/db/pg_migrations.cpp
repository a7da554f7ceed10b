#include "platform/db/pg_migrations.hpp"

#include <algorithm>

#include "platform/clock.hpp"
#include "platform/db/migration_steps.hpp"
#include "platform/db/pg_connection_adapter.hpp"

namespace rapport::db {

namespace {
constexpr int64_t kMigrationLock = 0x7261707074;  // "rappt": one key for every Rapport node
}

MigrationReport migrate_pg(PgConnection& c, const std::vector<Migration>& migrations) {
  c.exec("SELECT pg_advisory_lock($1)", {kMigrationLock});
  struct Unlock {
    PgConnection& c;
    ~Unlock() {
      try {
        c.exec("SELECT pg_advisory_unlock($1)", {kMigrationLock});
      } catch (...) {
        // The lock is released with the session anyway.
      }
    }
  } unlock{c};
  c.exec_script(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at TEXT NOT NULL)");
  MigrationReport report;
  report.from_version = static_cast<int>(c.exec("SELECT coalesce(max(version), 0) FROM schema_migrations").int64(0, 0));
  int newest = newest_known_version(report.from_version, migrations);
  std::vector<int> recorded;
  auto versions = c.exec("SELECT version FROM schema_migrations");
  for (int i = 0; i < versions.rows(); ++i) recorded.push_back(static_cast<int>(versions.int64(i, 0)));
  refuse_skipped(recorded, report.from_version, migrations);
  for (const auto& m : migrations) {
    if (m.version <= report.from_version) continue;
    c.exec_script("BEGIN");
    try {
      c.exec_script(m.sql);
      if (auto step = migration_step(m.version)) {
        PgAdapterConnection adapter(c);
        step(adapter);
      }
      c.exec("INSERT INTO schema_migrations(version, name, applied_at) VALUES ($1, $2, $3)",
             {int64_t{m.version}, m.name, clock::now_text()});
      c.exec_script("COMMIT");
    } catch (...) {
      try {
        c.exec_script("ROLLBACK");
      } catch (...) {
      }
      throw;
    }
    report.applied.push_back(m.name);
  }
  report.to_version = std::max(report.from_version, newest);
  return report;
}

}  // namespace rapport::db
