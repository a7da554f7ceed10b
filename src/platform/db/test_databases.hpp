// For tests that need Rapport's whole schema: a fresh, migrated database on either engine, removed at
// the end. The PostgreSQL one lives on the test cluster (pg_test_support.hpp); call
// RAPPORT_REQUIRE_PG() before making one.
#pragma once
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
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
// did a few hundred times a run. The template is made once per test process, on first use, and
// dropped when the process ends (a process killed before leaves it on the throwaway test cluster).
inline void create_migrated_pg_database(const std::string& name, const std::string& cluster_url = pg_test_url()) {
  struct Template {
    std::string name, cluster_url;
    pid_t owner = 0;
    ~Template() {
      try {
        // Not in a child that forked and exited without exec: the parent still copies it.
        if (!name.empty() && owner == ::getpid()) PgConnection(pg_admin_options(cluster_url)).exec_script("DROP DATABASE " + name + " WITH (FORCE)");
      } catch (...) {
      }
    }
  };
  static Template made;
  static std::mutex making;
  std::string template_name;
  {
    std::lock_guard lock(making);
    if (made.name.empty()) {
      const std::string fresh = "rapport_template_" + std::to_string(::getpid());
      PgConnection admin(pg_admin_options(cluster_url));
      admin.exec_script("DROP DATABASE IF EXISTS " + fresh + " WITH (FORCE)");
      admin.exec_script("CREATE DATABASE " + fresh);
      {
        PgConnection c(pg_admin_options(cluster_url.substr(0, cluster_url.rfind('/') + 1) + fresh));
        migrate_pg(c);
      }
      made.name = fresh;
      made.cluster_url = cluster_url;
      made.owner = ::getpid();
    }
    template_name = made.name;
  }
  // Refused while another session is connected to the template: none is after it is made.
  PgConnection(pg_admin_options(cluster_url)).exec_script("CREATE DATABASE " + name + " TEMPLATE " + template_name);
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
