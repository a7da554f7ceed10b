#include "app/demo/demo_data.hpp"

#include <stdexcept>
#include <variant>

#include "platform/case_fold.hpp"
#include "platform/db/pg_connection_adapter.hpp"
#include "platform/db/postgres.hpp"
#include "platform/db/sqlite_database.hpp"

namespace rapport::app {

namespace {

constexpr GenerateCounts kDemoCounts{40, 200, 600, 120, true};
constexpr uint64_t kDemoSeed = 42;
constexpr int64_t kDemoLock = 0x72617070646d;  // "rappdm": one key for every Rapport node

bool has_contacts(db::Connection& c, const std::string& ws) {
  return std::get<int64_t>(c.scalar("SELECT count(*) FROM contacts WHERE workspace_id = ?", {ws})) > 0;
}

}  // namespace

std::optional<GenerateTarget> find_generate_target(db::Connection& c, const std::string& workspace_name) {
  db::Value ws = workspace_name.empty() ? c.scalar("SELECT id FROM workspaces ORDER BY created_at, id LIMIT 1")
                                        : c.scalar("SELECT id FROM workspaces WHERE name_key = ?", {case_fold::key(workspace_name)});
  if (!std::holds_alternative<std::string>(ws)) return std::nullopt;
  GenerateTarget t;
  t.workspace_id = std::get<std::string>(ws);
  db::Value owner = c.scalar(
      "SELECT id FROM users WHERE workspace_id = ? ORDER BY CASE WHEN role = 'admin' THEN 0 ELSE 1 END, created_at, id "
      "LIMIT 1",
      {t.workspace_id});
  if (auto* s = std::get_if<std::string>(&owner)) t.owner_id = *s;
  return t;
}

std::optional<GenerateReport> load_demo_data(db::Database& db, const std::string& database_url) {
  std::optional<GenerateReport> report;
  if (database_url.empty()) {
    auto* sqlite = dynamic_cast<db::SqliteDatabase*>(&db);
    if (!sqlite) throw std::logic_error("load_demo_data: a SQLite database needs no URL, a PostgreSQL one does");
    sqlite->exclusive([&](db::SqliteConnection& c) {
      auto target = find_generate_target(c);
      if (!target || has_contacts(c, target->workspace_id)) return;
      report = generate_data(c, target->workspace_id, target->owner_id, kDemoCounts, kDemoSeed);
    });
    return report;
  }
  db::PgOptions opts;
  opts.url = database_url;
  db::PgConnection pg(opts);
  // Held until this connection closes at the end of this function; the rows go through connections
  // of their own.
  pg.exec("SELECT pg_advisory_lock($1)", {kDemoLock});
  std::optional<GenerateTarget> target;
  {
    db::PgAdapterConnection c(pg);
    target = find_generate_target(c);
    if (!target || has_contacts(c, target->workspace_id)) return report;
  }
  report = generate_data(opts, target->workspace_id, target->owner_id, kDemoCounts, kDemoSeed);
  return report;
}

}  // namespace rapport::app
