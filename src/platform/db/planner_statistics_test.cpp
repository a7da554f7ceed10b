// Refreshed statistics: on PostgreSQL a filled table's row estimate (pg_class.reltuples, -1 until
// the table was first analyzed) is its row count right after the call; on SQLite nothing is written
// (no sqlite_stat1 appears). An index added to an analysed SQLite table gets statistics of its own,
// and the list order's index serves the page again.
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
  std::vector<std::string> measured;
  ASSERT_TRUE(t.db->write([&](Connection& c) -> Status {
    measured = analyze_unmeasured_indexes(c);
    return ok_status();
  }));
  EXPECT_TRUE(measured.empty());
  EXPECT_EQ(t.db->read([](Connection& c) {
    return std::get<int64_t>(c.scalar("SELECT count(*) FROM sqlite_master WHERE name LIKE 'sqlite_stat%'"));
  }),
            0)
      << "a database never analysed stays so";
}

TEST(PlannerStatistics, SqliteMeasuresAnIndexAddedToAnAnalysedTable) {
  SqliteTestDatabase t;
  SqliteConnection c((t.dir / "r.db").string(), false);  // one connection: it loads the statistics ANALYZE writes
  auto plan = [&] {
    std::string out;
    auto& st = c.prepare(
        "EXPLAIN QUERY PLAN SELECT * FROM items WHERE workspace_id = 'w1' AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 51");
    while (st.step()) out += st.text(3) + "\n";
    st.reset();
    return out;
  };
  c.exec("CREATE TABLE items (id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, created_at TEXT NOT NULL, rating TEXT, deleted_at TEXT)");
  c.exec("CREATE INDEX items_created ON items(workspace_id, created_at, id) WHERE deleted_at IS NULL");
  c.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO items "
         "SELECT printf('i%05d', i), 'w1', printf('2026-01-01T00:%05d', i), CASE WHEN i % 3 = 0 THEN 'good' END, NULL FROM n");
  c.exec("ANALYZE items");
  // As a migration adds (or rebuilds) indexes after the table was analysed.
  c.exec("CREATE INDEX items_rating ON items(workspace_id, rating, id) WHERE deleted_at IS NULL");
  c.exec("CREATE INDEX items_deleted ON items(workspace_id, deleted_at) WHERE deleted_at IS NOT NULL");  // empty
  const std::string guessed = plan();
  EXPECT_NE(guessed.find("items_rating"), std::string::npos) << "unmeasured, the new index looks tiny:\n" << guessed;
  EXPECT_NE(guessed.find("TEMP B-TREE"), std::string::npos) << guessed;

  EXPECT_EQ(analyze_unmeasured_indexes(c), std::vector<std::string>{"items_rating"}) << "the empty index gets no row";
  const std::string measured = plan();
  EXPECT_NE(measured.find("items_created"), std::string::npos) << measured;
  EXPECT_EQ(measured.find("TEMP B-TREE"), std::string::npos) << "the page read in order, not sorted:\n" << measured;
  EXPECT_EQ(std::get<int64_t>(c.scalar("SELECT count(*) FROM sqlite_stat1 WHERE idx = 'items_rating' AND stat LIKE '2000 %'")), 1);
  EXPECT_TRUE(analyze_unmeasured_indexes(c).empty()) << "nothing left to measure";
}

}  // namespace
}  // namespace rapport::db
