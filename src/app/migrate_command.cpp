// `rapport migrate [--status | --dry-run]` on either engine. Applying needs the database to exist
// (`rapport init` or `serve` made it) and, on SQLite, the data directory's lock: it refuses while a
// server runs there (the server would go on with statements prepared for the old schema). On
// PostgreSQL it runs under the migration advisory lock the nodes take too (pg_migrations.hpp); which
// migrations are safe while older nodes run is in docs/operations.md. --status and --dry-run read only.
#include <iomanip>
#include <iostream>
#include <sstream>

#include "app/commands.hpp"
#include "app/data_lock.hpp"
#include "app/existing_database.hpp"
#include "app/master_key.hpp"
#include "platform/db/migrations.hpp"
#include "platform/db/pg_connection_adapter.hpp"
#include "platform/db/pg_migrations.hpp"
#include "platform/db/postgres.hpp"
#include "platform/db/sqlite.hpp"

namespace rapport::app {

namespace {

// "0003_roles_teams": the migration's file name, which begins with its number (else the number is added).
std::string label(int version, const std::string& name) {
  std::ostringstream s;
  s << std::setw(4) << std::setfill('0') << version;
  return name.rfind(s.str() + "_", 0) == 0 ? name : s.str() + "_" + name;
}

int version_of(const std::vector<db::AppliedMigration>& applied) {
  int v = 0;
  for (const auto& m : applied) v = std::max(v, m.version);
  return v;
}

// Applied and pending migrations, one a line: "0003_roles_teams  applied 2026-...".
int print_status(db::Connection& c, const std::string& where, const std::vector<db::Migration>& known) {
  auto applied = applied_migrations(c);
  int version = version_of(applied);
  int newest = 0;
  for (const auto& m : known) newest = std::max(newest, m.version);
  std::size_t width = 0;
  for (const auto& m : known) width = std::max(width, label(m.version, m.name).size());
  for (const auto& a : applied) width = std::max(width, label(a.version, a.name).size());
  std::cout << "Schema of " << where << ": version " << version << "; this rapport's newest is " << newest << "\n";
  for (const auto& a : applied)
    std::cout << "  " << std::left << std::setw(static_cast<int>(width + 2)) << label(a.version, a.name) << "applied "
              << a.applied_at << (a.version > newest ? "  (unknown to this rapport: upgrade it)" : "") << "\n";
  auto pending = db::pending_migrations(version, known);
  for (const auto& m : pending)
    std::cout << "  " << std::left << std::setw(static_cast<int>(width + 2)) << label(m.version, m.name) << "pending\n";
  std::cout << pending.size() << (pending.size() == 1 ? " migration" : " migrations") << " pending\n";
  return 0;
}

int print_dry_run(db::Connection& c, const std::string& where, const std::vector<db::Migration>& known) {
  int version = version_of(applied_migrations(c));
  int newest = db::newest_known_version(version, known);  // refuses a newer database as applying would
  auto pending = db::pending_migrations(version, known);
  if (pending.empty()) {
    std::cout << "Nothing to apply: the schema of " << where << " is at version " << version << ", this rapport's newest\n";
    return 0;
  }
  std::cout << "Would apply " << pending.size() << (pending.size() == 1 ? " migration" : " migrations") << " to " << where
            << " (schema version " << version << " -> " << newest << "); nothing was changed:\n";
  for (const auto& m : pending) std::cout << "  " << label(m.version, m.name) << "\n";
  return 0;
}

void print_report(const db::MigrationReport& report) {
  std::cout << "Schema version " << report.from_version << " -> " << report.to_version << " (" << report.applied.size()
            << " migrations applied)\n";
  if (!report.analyzed.empty())
    std::cout << "Planner statistics taken of " << report.analyzed.size() << " indexes that had none\n";
}

}  // namespace

int migrate_command(const std::string& data_dir, const std::string& database_url, const Migrate& m,
                    const std::string& master_key_file) {
  const std::string where = describe_database(data_dir, database_url);
  const bool reads_only = m.status || m.dry_run;
  if (!database_url.empty()) {
    db::PgOptions opts;
    opts.url = database_url;
    opts.statement_timeout = std::chrono::milliseconds(0);  // a migration may rebuild indexes over millions of rows
    db::PgConnection c(opts);
    db::PgAdapterConnection adapter(c);
    require_schema(adapter, where, false);
    if (m.status) return print_status(adapter, where, db::embedded_pg_migrations());
    if (m.dry_run) return print_dry_run(adapter, where, db::embedded_pg_migrations());
    MasterKeySource keys{master_key_file, data_dir, true};
    check_master_key_source(keys);
    print_report(db::migrate_pg(c));
    open_vault(adapter, keys);
    return 0;
  }
  const std::string file = existing_sqlite_file(data_dir);
  if (reads_only) {
    db::SqliteConnection c(file, true);
    require_schema(c, where, false);
    return m.status ? print_status(c, where, db::embedded_migrations()) : print_dry_run(c, where, db::embedded_migrations());
  }
  DataLock lock(data_dir, "rapport migrate");
  db::SqliteConnection c(file, false);
  require_schema(c, where, false);
  print_report(db::migrate(c));
  open_vault(c, {master_key_file, data_dir, false});
  return 0;
}

}  // namespace rapport::app
