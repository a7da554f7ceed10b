// For tests that need Rapport's whole schema: a fresh, migrated database on either engine, removed at
// the end. The PostgreSQL one lives on the test cluster (pg_test_support.hpp); call
// RAPPORT_REQUIRE_PG() before making one.
#pragma once
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "platform/db/migrations.hpp"
#include "platform/db/pg_migrations.hpp"
#include "platform/db/pg_test_support.hpp"
#include "platform/db/sqlite_database.hpp"
#include "platform/test_temp_dir.hpp"

namespace rapport::db {

struct SqliteTestDatabase {
  TempDir temp{"rapport-test"};
  const std::filesystem::path& dir = temp.dir;
  std::unique_ptr<SqliteDatabase> db;
  explicit SqliteTestDatabase(int readers = 2) {
    std::string path = (dir / "r.db").string();
    {
      SqliteConnection c(path, false);
      migrate(c);
    }
    db = std::make_unique<SqliteDatabase>(path, readers);
  }
  ~SqliteTestDatabase() {
    db->shutdown();
    db.reset();
  }
};

struct PgTestDatabase {
  std::string name, url;
  // prefix: names the test's databases on the shared cluster (a letter first, [a-z0-9_] only).
  explicit PgTestDatabase(const std::string& prefix) {
    name = prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(std::rand() % 1000000);
    PgConnection(pg_admin_options()).exec_script("CREATE DATABASE " + name);
    url = pg_test_url().substr(0, pg_test_url().rfind('/') + 1) + name;
    PgConnection c(pg_admin_options(url));
    migrate_pg(c);
  }
  ~PgTestDatabase() {
    try {
      PgConnection(pg_admin_options()).exec_script("DROP DATABASE " + name + " WITH (FORCE)");
    } catch (...) {
    }
  }
  PgOptions opts() const {
    PgOptions o;
    o.url = url;
    return o;
  }
};

}  // namespace rapport::db
