// What the C++ benchmarks share: a database of either engine, migrated, and the end of the run when
// a write the figures depend on fails.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "platform/db/migrations.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/pg_migrations.hpp"
#include "platform/db/sqlite_database.hpp"

namespace rapport::bench {

// A write the figures depend on: its failure ends the run.
inline void must(const Status& s, const char* what) {
  if (s.ok()) return;
  std::fprintf(stderr, "%s failed: %s\n", what, s.problem().detail.c_str());
  std::exit(1);
}

// PostgreSQL at `pg_url` when it is given, else `sqlite_dir`/bench.db (the directory made), migrated
// to the current schema, with `connections` connections.
inline std::unique_ptr<db::Database> open_migrated(const std::string& sqlite_dir, const std::string& pg_url, int connections = 2) {
  if (!pg_url.empty()) {
    db::PgOptions o;
    o.url = pg_url;
    {
      db::PgConnection c(o);
      db::migrate_pg(c);
    }
    return std::make_unique<db::PgDatabase>(o, connections);
  }
  std::filesystem::create_directories(sqlite_dir);
  const std::string path = (std::filesystem::path(sqlite_dir) / "bench.db").string();
  {
    db::SqliteConnection c(path, false);
    db::migrate(c);
  }
  return std::make_unique<db::SqliteDatabase>(path, connections);
}

}  // namespace rapport::bench
