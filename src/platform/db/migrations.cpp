#include "platform/db/migrations.hpp"

#include <algorithm>

#include "platform/clock.hpp"
#include "platform/db/migration_steps.hpp"
#include "platform/db/planner_statistics.hpp"

namespace rapport::db {

int newest_known_version(int database_version, const std::vector<Migration>& migrations) {
  int newest = 0;
  for (const auto& m : migrations) newest = std::max(newest, m.version);
  if (database_version > newest) {
    throw DbError(0, "the database schema is at version " + std::to_string(database_version) +
                         " but this rapport binary knows only up to version " + std::to_string(newest) +
                         "; upgrade rapport before using this database");
  }
  return newest;
}

void refuse_skipped(const std::vector<int>& recorded, int database_version, const std::vector<Migration>& migrations) {
  for (const auto& m : migrations)
    if (m.version <= database_version && std::find(recorded.begin(), recorded.end(), m.version) == recorded.end())
      throw DbError(0, "migration " + m.name + " is older than the database's schema version " + std::to_string(database_version) +
                           " but was never applied to it, and never would be (only newer versions are): it must be numbered "
                           "above every migration a released database may have");
}

bool has_schema(Connection& conn) {
  const char* sql = conn.dialect() == Dialect::Sqlite
                        ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
                        : "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND "
                          "tablename = 'schema_migrations'";
  return std::get<int64_t>(conn.scalar(sql)) > 0;
}

std::vector<AppliedMigration> applied_migrations(Connection& conn) {
  std::vector<AppliedMigration> out;
  if (!has_schema(conn)) return out;
  auto& st = conn.prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  while (st.step()) out.push_back({static_cast<int>(st.int64(0)), st.text(1), st.text(2)});
  st.reset();
  return out;
}

std::vector<Migration> pending_migrations(int database_version, const std::vector<Migration>& migrations) {
  std::vector<Migration> out;
  for (const auto& m : migrations)
    if (m.version > database_version) out.push_back(m);
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

MigrationReport migrate(Connection& conn, const std::vector<Migration>& migrations) {
  conn.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at TEXT NOT NULL)");
  MigrationReport report;
  Value cur = conn.scalar("SELECT coalesce(max(version), 0) FROM schema_migrations");
  report.from_version = static_cast<int>(std::get<int64_t>(cur));
  int newest = newest_known_version(report.from_version, migrations);
  std::vector<int> recorded;
  auto& versions = conn.prepare("SELECT version FROM schema_migrations");
  while (versions.step()) recorded.push_back(static_cast<int>(versions.int64(0)));
  versions.reset();
  refuse_skipped(recorded, report.from_version, migrations);
  for (const auto& m : migrations) {
    if (m.version <= report.from_version) continue;
    conn.exec("BEGIN IMMEDIATE");
    try {
      conn.exec(m.sql);
      if (auto step = migration_step(m.version)) step(conn);
      auto& st = conn.prepare("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)");
      st.bind_all({int64_t{m.version}, m.name, clock::now_text()}).run();
      conn.exec("COMMIT");
    } catch (...) {
      // SQLite has rolled the transaction back itself after some errors (a full disk, an I/O error):
      // the ROLLBACK then fails, and the error to report is the one that stopped the migration.
      try {
        conn.exec("ROLLBACK");
      } catch (const DbError&) {
      }
      throw;
    }
    report.applied.push_back(m.name);
  }
  report.to_version = std::max(report.from_version, newest);
  report.analyzed = analyze_unmeasured_indexes(conn);
  return report;
}

}  // namespace rapport::db
