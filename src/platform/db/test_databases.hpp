// For tests that need Rapport's whole schema: a fresh, migrated database on either engine, removed at
// the end. The PostgreSQL one lives on the test cluster (pg_test_support.hpp); call
// RAPPORT_REQUIRE_PG() before making one.
#pragma once
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
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

// CREATE DATABASE `name` on the cluster of `cluster_url` as a copy of a migrated template: copying a
// template's files costs less than applying every migration to a new database, which the test suites
// did several hundred times a run. The template is named after the embedded migrations (an FNV-1a
// hash of their names and SQL), so that every test process of a run shares one and a changed
// migration makes a new one; the first process that needs it makes it under an advisory lock, under
// another name, renamed once migrated, so that no process copies a half-made template. Templates
// stay on the cluster (scripts/test.sh's is thrown away at the end).
inline void create_migrated_pg_database(const std::string& name, const std::string& cluster_url = pg_test_url()) {
  static const std::string template_name = [] {
    std::uint64_t h = 1469598103934665603ull;
    for (const auto& m : embedded_pg_migrations())
      for (const std::string* part : {&m.name, &m.sql})
        for (unsigned char ch : *part) h = (h ^ ch) * 1099511628211ull;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return std::string("rapport_template_") + hex;
  }();
  PgConnection admin(pg_admin_options(cluster_url));
  auto exists = [&] {
    return admin.exec("SELECT count(*) FROM pg_database WHERE datname = $1", {template_name}).int64(0, 0) > 0;
  };
  if (!exists()) {
    // A session's lock: released by the unlock below, or by `admin` closing when a step throws.
    admin.exec("SELECT pg_advisory_lock(hashtext($1))", {template_name});
    if (!exists()) {
      const std::string making = template_name + "_" + std::to_string(::getpid());
      admin.exec_script("DROP DATABASE IF EXISTS " + making + " WITH (FORCE)");
      admin.exec_script("CREATE DATABASE " + making);
      {
        PgConnection c(pg_admin_options(cluster_url.substr(0, cluster_url.rfind('/') + 1) + making));
        migrate_pg(c);
      }
      // Waits (up to 5 s) for the migrating session's backend to end, as CREATE DATABASE does.
      admin.exec_script("ALTER DATABASE " + making + " RENAME TO " + template_name);
    }
    admin.exec("SELECT pg_advisory_unlock(hashtext($1))", {template_name});
  }
  admin.exec_script("CREATE DATABASE " + name + " TEMPLATE " + template_name);
}

struct PgTestDatabase {
  std::string name, url;
  // prefix: names the test's databases on the shared cluster (a letter first, [a-z0-9_] only).
  explicit PgTestDatabase(const std::string& prefix) {
    name = prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(std::rand() % 1000000);
    create_migrated_pg_database(name);
    url = pg_test_url().substr(0, pg_test_url().rfind('/') + 1) + name;
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
