#include "app/existing_database.hpp"

#include <filesystem>

#include "platform/db/migrations.hpp"
#include "platform/db/pg_migrations.hpp"

namespace rapport::app {
namespace fs = std::filesystem;

std::string describe_database(const std::string& data_dir, const std::string& database_url) {
  if (database_url.empty()) return "the data directory " + data_dir;
  auto at = database_url.rfind('@');
  auto scheme = database_url.find("://");
  std::size_t from = at != std::string::npos ? at + 1 : (scheme == std::string::npos ? 0 : scheme + 3);
  return "the PostgreSQL database " + database_url.substr(from, database_url.find('?', from) - from);
}

std::string existing_sqlite_file(const std::string& data_dir) {
  fs::path file = fs::path(data_dir) / "rapport.db";
  std::error_code ec;
  if (!fs::is_regular_file(file, ec))
    throw NoDatabase("there is no Rapport database in the data directory " + data_dir + " (no rapport.db): run `rapport init --data " +
                     data_dir + "` or `rapport serve` first, or point --data (RAPPORT_DATA) at the directory that holds it");
  return file.string();
}

void require_schema(db::Connection& c, const std::string& where, bool current) {
  const bool pg = c.dialect() == db::Dialect::Postgres;
  if (!db::has_schema(c))
    throw NoDatabase(where + " holds no Rapport schema: run `rapport init` or `rapport serve` on it first" +
                     (pg ? " (with the same --database)" : ""));
  int version = 0;
  for (const auto& m : db::applied_migrations(c)) version = std::max(version, m.version);
  const auto& known = pg ? db::embedded_pg_migrations() : db::embedded_migrations();
  int newest = db::newest_known_version(version, known);  // throws when the database is newer
  if (current && version < newest)
    throw NoDatabase("the schema of " + where + " is at version " + std::to_string(version) + " but this rapport's is at " +
                     std::to_string(newest) + ": run `rapport migrate` first" + (pg ? "" : " (with the server stopped)"));
}

}  // namespace rapport::app
