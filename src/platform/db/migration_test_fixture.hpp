// For tests of a migration's data steps on both engines: a fresh database (a SQLite file, or a
// schema of its own on the PostgreSQL test cluster) migrated up to a chosen version, rows seeded as
// they were before a migration, then the rest of the migrations run on them.
#pragma once
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "platform/db/migrations.hpp"
#include "platform/db/pg_connection_adapter.hpp"
#include "platform/db/pg_migrations.hpp"
#include "platform/db/pg_test_support.hpp"
#include "platform/db/sqlite.hpp"

namespace rapport::db {

// Parameterised by engine: "sqlite" or "postgres" (skipped without the test cluster).
class MigrationTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string name = "migr_" + std::to_string(::getpid()) + "_" + std::to_string(std::rand());
    if (GetParam() == "postgres") {
      RAPPORT_REQUIRE_PG();
      schema_ = name;
      PgConnection admin(pg_admin_options());
      admin.exec_script("CREATE SCHEMA " + schema_);
      pg_ = std::make_unique<PgConnection>(pg_admin_options());
      pg_->exec_script("SET search_path TO " + schema_);
      conn_ = std::make_unique<PgAdapterConnection>(*pg_);
    } else {
      path_ = (std::filesystem::temp_directory_path() / (name + ".db")).string();
      conn_ = std::make_unique<SqliteConnection>(path_, false);
    }
  }
  void TearDown() override {
    conn_.reset();
    pg_.reset();
    if (!schema_.empty()) {
      try {
        PgConnection admin(pg_admin_options());
        admin.exec_script("DROP SCHEMA " + schema_ + " CASCADE");
      } catch (...) {
      }
    }
    if (!path_.empty())
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  // Runs the embedded migrations up to `version`, or all of them for 0.
  void migrate_to(int version) {
    auto keep = [&](std::vector<Migration> all) {
      std::vector<Migration> out;
      for (auto& m : all)
        if (version == 0 || m.version <= version) out.push_back(std::move(m));
      return out;
    };
    if (pg_)
      migrate_pg(*pg_, keep(embedded_pg_migrations()));
    else
      migrate(*conn_, keep(embedded_migrations()));
  }
  int64_t version() { return std::get<int64_t>(conn_->scalar("SELECT max(version) FROM schema_migrations")); }
  Connection& conn() { return *conn_; }

 private:
  std::string schema_, path_;
  std::unique_ptr<PgConnection> pg_;
  std::unique_ptr<Connection> conn_;
};

}  // namespace rapport::db
