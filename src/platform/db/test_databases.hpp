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

namespace rapport::db {

struct SqliteTestDatabase {
  std::filesystem::path dir;
  std::unique_ptr<SqliteDatabase> db;
  explicit SqliteTestDatabase(int readers = 2) {
    std::string t = (std::filesystem::temp_directory_path() / "rapport-test-XXXXXX").string();
    dir = mkdtemp(t.data());
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
    std::filesystem::remove_all(dir);
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
