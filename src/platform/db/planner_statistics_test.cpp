// Refreshed statistics: on PostgreSQL a filled table's row estimate (pg_class.reltuples, -1 until
// the table was first analyzed) is its row count right after the call; on SQLite nothing is written
// (no sqlite_stat1 appears).
#include "platform/db/planner_statistics.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "platform/db/pg_database.hpp"
#include "platform/db/pg_test_support.hpp"
#include "platform/db/test_databases.hpp"

namespace rapport::db {
namespace {

TEST(PlannerStatistics, PostgresKnowsAFreshlyFilledTablesSizeAtOnce) {
  RAPPORT_REQUIRE_PG();
  const std::string table = "stats_" + std::to_string(::getpid());
  PgOptions o;
  o.url = pg_test_url();
  PgDatabase db(o, 2);
  auto estimate = [&] {
    return db.read([&](Connection& c) {
      return std::get<int64_t>(c.scalar("SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE relname = ?", {table}));
    });
  };
  ASSERT_TRUE(db.write([&](Connection& c) -> Status {
    c.exec("DROP TABLE IF EXISTS " + table);
    c.exec("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, v TEXT)");
    c.exec("INSERT INTO " + table + " SELECT g, 'v' || g FROM generate_series(1, 1500) g");
    return ok_status();
  }));
  EXPECT_EQ(estimate(), -1) << "never analyzed: the planner guesses";
  ASSERT_TRUE(db.write([&](Connection& c) -> Status {
    refresh_planner_statistics(c, {table});
    return ok_status();
  }));
  EXPECT_EQ(estimate(), 1500);
  (void)db.write([&](Connection& c) -> Status {
    c.exec("DROP TABLE " + table);
    return ok_status();
  });
}

TEST(PlannerStatistics, SqliteIsLeftAsItIs) {
  SqliteTestDatabase t;
  ASSERT_TRUE(t.db->write([](Connection& c) -> Status {
    refresh_planner_statistics(c, {"contacts"});
    return ok_status();
  }));
  auto stat_tables = t.db->read([](Connection& c) {
    return std::get<int64_t>(c.scalar("SELECT count(*) FROM sqlite_master WHERE name LIKE 'sqlite_stat%'"));
  });
  EXPECT_EQ(stat_tables, 0);
}

}  // namespace
}  // namespace rapport::db
