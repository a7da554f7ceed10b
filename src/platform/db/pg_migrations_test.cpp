// Needs the private cluster of scripts/test.sh (RAPPORT_TEST_PG_URL); each test uses a schema of its
// own so that they can run in parallel.
#include "platform/db/pg_migrations.hpp"

#include <gtest/gtest.h>

#include "platform/db/pg_test_support.hpp"
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <thread>

#include "platform/ids.hpp"

namespace rapport::db {
namespace {

// A connection whose search_path is a fresh schema, dropped at the end.
struct ScratchSchema {
  std::string name;
  explicit ScratchSchema() {
    name = "mig_" + std::to_string(std::rand()) + "_" + std::to_string(::getpid());
    PgConnection c(opts());
    c.exec_script("CREATE SCHEMA " + name);
  }
  ~ScratchSchema() {
    try {
      PgConnection c(opts());
      c.exec_script("DROP SCHEMA " + name + " CASCADE");
    } catch (...) {
    }
  }
  PgOptions opts() const { return pg_admin_options(); }
  std::unique_ptr<PgConnection> connect() const {
    auto c = std::make_unique<PgConnection>(opts());
    c->exec_script("SET search_path TO " + name);
    return c;
  }
};

TEST(PgMigrations, TheSpineSchemaApplies) {
  RAPPORT_REQUIRE_PG();
  ScratchSchema s;
  auto c = s.connect();
  auto r = migrate_pg(*c);
  EXPECT_EQ(r.from_version, 0);
  EXPECT_GE(r.to_version, 1);
  EXPECT_EQ(r.applied.front(), "0001_spine");
  EXPECT_EQ(c->exec("SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name IN "
                    "('companies', 'contacts', 'activities', 'audit_log', 'outbox', 'custom_fields')",
                    {s.name}).int64(0, 0), 6);
  EXPECT_TRUE(migrate_pg(*c).applied.empty());
}

TEST(PgMigrations, ConcurrentNodesApplyEachMigrationOnce) {
  RAPPORT_REQUIRE_PG();
  ScratchSchema s;
  std::vector<Migration> m = {{1, "0001_a", "CREATE TABLE a(x int)"},
                              {2, "0002_slow", "SELECT pg_sleep(0.2); CREATE TABLE b(y int)"}};
  std::atomic<int> applied{0}, failed{0};
  std::vector<std::thread> nodes;
  for (int i = 0; i < 4; ++i) {
    nodes.emplace_back([&] {
      try {
        auto c = s.connect();
        applied += static_cast<int>(migrate_pg(*c, m).applied.size());
      } catch (const std::exception&) {
        ++failed;
      }
    });
  }
  for (auto& t : nodes) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(applied.load(), 2);  // each migration by exactly one node
  EXPECT_EQ(s.connect()->exec("SELECT count(*) FROM schema_migrations").int64(0, 0), 2);
}

TEST(PgMigrations, AFailingMigrationLeavesNothingBehindAndNewerDatabasesAreRefused) {
  RAPPORT_REQUIRE_PG();
  ScratchSchema s;
  auto c = s.connect();
  std::vector<Migration> m = {{1, "0001_a", "CREATE TABLE a(x int)"}};
  migrate_pg(*c, m);
  m.push_back({2, "0002_bad", "CREATE TABLE b(y int); CREATE TABLE a(x int)"});
  EXPECT_THROW(migrate_pg(*c, m), DbError);
  EXPECT_EQ(c->exec("SELECT max(version) FROM schema_migrations").int64(0, 0), 1);
  EXPECT_EQ(c->exec("SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'b'",
                    {s.name}).int64(0, 0), 0);
  m.pop_back();
  c->exec("INSERT INTO schema_migrations VALUES (9, 'future', 'x')");
  EXPECT_THROW(migrate_pg(*c, m), DbError);
}

}  // namespace
}  // namespace rapport::db
