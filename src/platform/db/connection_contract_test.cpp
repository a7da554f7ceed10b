// The db::Connection contract, run against every engine: SQLite always, PostgreSQL when the private
// test cluster is there (RAPPORT_TEST_PG_URL; required when RAPPORT_REQUIRE_PG=1, as scripts/test.sh
// sets). The stores rely on exactly these behaviours.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <unistd.h>

#include "platform/db/bulk_insert.hpp"
#include "platform/db/in_list.hpp"
#include "platform/db/multi_row.hpp"
#include "platform/db/pg_connection_adapter.hpp"
#include "platform/db/pg_test_support.hpp"
#include "platform/db/sqlite.hpp"

namespace rapport::db {
namespace {
namespace fs = std::filesystem;

TEST(PgPlaceholders, RewritesOutsideQuotesOnly) {
  EXPECT_EQ(to_pg_placeholders("SELECT ? , ?"), "SELECT $1 , $2");
  EXPECT_EQ(to_pg_placeholders("WHERE a = ?2 AND b = ?1"), "WHERE a = $2 AND b = $1");
  EXPECT_EQ(to_pg_placeholders("SELECT '?', \"a?\", ? FROM t WHERE x = 'it''s ?'"), "SELECT '?', \"a?\", $1 FROM t WHERE x = 'it''s ?'");
  EXPECT_EQ(to_pg_placeholders("LIKE ? ESCAPE '\\'"), "LIKE $1 ESCAPE '\\'");
}

struct Engine {
  std::string name;
  std::function<std::unique_ptr<Connection>()> open;
  std::function<void()> cleanup;
};

class ConnectionContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      std::string t = (fs::temp_directory_path() / "rapport-contract-XXXXXX").string();
      dir_ = mkdtemp(t.data());
      conn_ = std::make_unique<SqliteConnection>(dir_ + "/c.db", false);
      table_ = "t";
    } else {
      RAPPORT_REQUIRE_PG();
      PgOptions o;
      o.url = pg_test_url();
      pg_ = std::make_unique<PgConnection>(o);
      conn_ = std::make_unique<PgAdapterConnection>(*pg_);
      table_ = "contract_" + std::to_string(::getpid()) + "_" + std::to_string(std::rand() % 1000000);
    }
    conn_->exec("CREATE TABLE " + table_ + " (id BIGINT PRIMARY KEY, name TEXT, score DOUBLE PRECISION, note TEXT UNIQUE)");
  }
  void TearDown() override {
    if (conn_) {
      try {
        conn_->reset_used();
        conn_->exec("DROP TABLE " + table_);
      } catch (...) {
      }
    }
    conn_.reset();
    pg_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::string dir_, table_;
  std::unique_ptr<PgConnection> pg_;
  std::unique_ptr<Connection> conn_;
};

TEST_P(ConnectionContract, BindsStepsAndReadsTypedValues) {
  Connection& c = *conn_;
  c.prepare("INSERT INTO " + table_ + " (id, name, score, note) VALUES (?, ?, ?, ?)")
      .bind_all({int64_t{1}, std::string("Ada"), 2.5, nullptr})
      .run();
  EXPECT_EQ(c.changes(), 1);
  c.prepare("INSERT INTO " + table_ + " (id, name, score, note) VALUES (?, ?, ?, ?)")
      .bind_all({int64_t{2}, std::string("Bob \"quoted\" ?"), -1.0, std::string("n")})
      .run();
  auto& st = c.prepare("SELECT id, name, score, note FROM " + table_ + " WHERE id >= ? ORDER BY id");
  st.bind_all({int64_t{1}});
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.int64(0), 1);
  EXPECT_EQ(st.value(0), Value(int64_t{1}));
  EXPECT_EQ(st.text_view(1), "Ada");
  EXPECT_DOUBLE_EQ(st.real(2), 2.5);
  EXPECT_TRUE(st.is_null(3));
  EXPECT_EQ(st.value(3), Value(nullptr));
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.text(1), "Bob \"quoted\" ?");
  EXPECT_FALSE(st.step());
  st.reset();
  EXPECT_EQ(c.scalar("SELECT count(*) FROM " + table_), Value(int64_t{2}));
  EXPECT_EQ(c.scalar("SELECT name FROM " + table_ + " WHERE id = ?", {int64_t{9}}), Value(nullptr));
}

TEST_P(ConnectionContract, NumberedPlaceholdersAndStatementReuse) {
  Connection& c = *conn_;
  for (int64_t i = 1; i <= 3; ++i)
    c.prepare("INSERT INTO " + table_ + " (id, name) VALUES (?1, ?2)").bind_all({i, std::string("n") + std::to_string(i)}).run();
  EXPECT_EQ(c.scalar("SELECT name FROM " + table_ + " WHERE id = ?2 AND name != ?1", {std::string("x"), int64_t{3}}),
            Value(std::string("n3")));
  c.prepare("UPDATE " + table_ + " SET score = ?").bind_all({1.5}).run();
  EXPECT_EQ(c.changes(), 3);
}

TEST_P(ConnectionContract, ConstraintViolationsAreConstraintErrors) {
  Connection& c = *conn_;
  c.prepare("INSERT INTO " + table_ + " (id, note) VALUES (?, ?)").bind_all({int64_t{1}, std::string("same")}).run();
  EXPECT_THROW(c.prepare("INSERT INTO " + table_ + " (id, note) VALUES (?, ?)").bind_all({int64_t{2}, std::string("same")}).run(),
               ConstraintError);
  EXPECT_EQ(c.scalar("SELECT count(*) FROM " + table_), Value(int64_t{1}));
}

TEST_P(ConnectionContract, SavepointsRollBackOneUnitOfWork) {
  Connection& c = *conn_;
  c.exec("BEGIN");
  c.prepare("INSERT INTO " + table_ + " (id) VALUES (?)").bind_all({int64_t{1}}).run();
  c.exec("SAVEPOINT job");
  c.prepare("INSERT INTO " + table_ + " (id) VALUES (?)").bind_all({int64_t{2}}).run();
  c.exec("ROLLBACK TO job");
  c.exec("RELEASE job");
  c.reset_used();
  c.exec("COMMIT");
  EXPECT_EQ(c.scalar("SELECT count(*) FROM " + table_), Value(int64_t{1}));
}

// Each engine keeps at most StatementCache's capacity of prepared statements per connection; a
// statement handed out in the current unit of work stays valid however many others are prepared.
TEST_P(ConnectionContract, StatementCacheIsBoundedAndKeepsStatementsInUse) {
  Connection& c = *conn_;
  const int64_t capacity = static_cast<int64_t>(StatementCache<std::string>::kDefaultCapacity);
  auto live_statements = [&]() -> int64_t {
    if (pg_) return pg_->exec("SELECT count(*) FROM pg_prepared_statements").int64(0, 0);
    int64_t n = 0;
    auto* h = static_cast<SqliteConnection&>(c).handle();
    for (sqlite3_stmt* st = sqlite3_next_stmt(h, nullptr); st; st = sqlite3_next_stmt(h, st)) ++n;
    return n;
  };
  for (int64_t i = 1; i <= 3; ++i) c.prepare("INSERT INTO " + table_ + " (id) VALUES (?)").bind_all({i}).run();
  c.reset_used();
  auto& held = c.prepare("SELECT id FROM " + table_ + " ORDER BY id");
  ASSERT_TRUE(held.step());
  for (int i = 0; i < capacity + 50; ++i)
    EXPECT_EQ(c.scalar("SELECT ? + " + std::to_string(i), {int64_t{1}}), Value(int64_t{i + 1}));
  ASSERT_TRUE(held.step());  // still the same statement, mid-rows
  EXPECT_EQ(held.int64(0), 2);
  held.reset();
  c.reset_used();
  for (int i = 0; i < capacity + 50; ++i)
    EXPECT_EQ(c.scalar("SELECT ? * " + std::to_string(i), {int64_t{1}}), Value(int64_t{i}));
  // Statements handed out in a unit of work are never evicted during it (the caller may still hold
  // them), so a unit of work using more than the capacity overshoots until the next one starts.
  c.reset_used();
  EXPECT_EQ(c.scalar("SELECT ? + 0", {int64_t{7}}), Value(int64_t{7}));  // evicted long ago, prepared again
  EXPECT_LE(live_statements(), capacity + 1);  // +1: the counting statement on PostgreSQL
}

TEST_P(ConnectionContract, InListsShareOneTextPerSizeBucket) {
  Connection& c = *conn_;
  for (int64_t i = 1; i <= 9; ++i) c.prepare("INSERT INTO " + table_ + " (id) VALUES (?)").bind_all({i}).run();
  auto query = [&](const std::vector<Value>& ids, std::string& sql) {
    sql = "SELECT count(*) FROM " + table_ + " WHERE id IN ";
    std::vector<Value> params;
    append_in_list(sql, params, ids);
    return c.scalar(sql, params);
  };
  std::string three, four, five;
  EXPECT_EQ(query({int64_t{1}, int64_t{2}, int64_t{42}}, three), Value(int64_t{2}));
  EXPECT_EQ(query({int64_t{1}, int64_t{2}, int64_t{3}, int64_t{4}}, four), Value(int64_t{4}));
  EXPECT_EQ(query({int64_t{5}, int64_t{6}, int64_t{7}, int64_t{8}, int64_t{9}}, five), Value(int64_t{5}));
  EXPECT_EQ(three, four);
  EXPECT_NE(four, five);
  std::string one;
  EXPECT_EQ(query({int64_t{9}}, one), Value(int64_t{1}));
  EXPECT_THROW(query({}, one), std::logic_error);
}

TEST(MultiRow, ChunksAreTheLargestSizeThenPowersOfTwo) {
  EXPECT_EQ(row_chunks(0), std::vector<std::size_t>{});
  EXPECT_EQ(row_chunks(1), std::vector<std::size_t>{1});
  EXPECT_EQ(row_chunks(512), std::vector<std::size_t>{512});
  EXPECT_EQ(row_chunks(1100), (std::vector<std::size_t>{512, 512, 64, 8, 4}));
  EXPECT_EQ(row_chunks(200, 64), (std::vector<std::size_t>{64, 64, 64, 8}));
  EXPECT_EQ(row_chunks(127, 64), (std::vector<std::size_t>{64, 32, 16, 8, 4, 2, 1}));
  EXPECT_EQ(max_chunk_rows(8), 512u);
  EXPECT_EQ(max_chunk_rows(100), 256u);  // 51,200 values would pass SQLite's limit
  EXPECT_EQ(max_chunk_rows(40000), 1u);
  EXPECT_EQ(values_rows({"TEXT", "BIGINT"}, 2), "(CAST(? AS TEXT), CAST(? AS BIGINT)), (CAST(? AS TEXT), CAST(? AS BIGINT))");
}

TEST_P(ConnectionContract, MultiRowInsertsAndUpdatesFromValues) {
  Connection& c = *conn_;
  const std::vector<std::string> types{"BIGINT", "TEXT", "DOUBLE PRECISION"};
  std::vector<Value> rows;
  for (int64_t i = 1; i <= 1100; ++i) {
    rows.push_back(i);
    std::string name = "n";
    name += std::to_string(i);
    rows.push_back(i % 10 == 0 ? Value(nullptr) : Value(name));
    rows.push_back(static_cast<double>(i) / 4);
  }
  insert_rows(c, table_ + " (id, name, score)", types, rows);
  EXPECT_EQ(c.scalar("SELECT count(*) FROM " + table_), Value(int64_t{1100}));
  EXPECT_EQ(c.scalar("SELECT name FROM " + table_ + " WHERE id = 77"), Value(std::string("n77")));
  EXPECT_EQ(c.scalar("SELECT score FROM " + table_ + " WHERE id = 77"), Value(77.0 / 4));
  EXPECT_EQ(c.scalar("SELECT count(*) FROM " + table_ + " WHERE name IS NULL"), Value(int64_t{110}));
  // An UPDATE from a VALUES list: a chunk whose text column holds only NULLs still types it.
  std::vector<Value> changes;
  for (int64_t i = 10; i <= 30; i += 10) {
    changes.push_back(i);
    changes.push_back(nullptr);
    changes.push_back(-1.5);
  }
  changes.push_back(int64_t{5000});  // no such row
  changes.push_back(std::string("x"));
  changes.push_back(0.0);
  auto changed = run_rows(c, types, changes, [&](std::string_view values) {
    return "WITH v(id, name, score) AS (VALUES " + std::string(values) + ") UPDATE " + table_ +
           " SET name = coalesce(v.name, ?), score = v.score FROM v WHERE " + table_ + ".id = v.id";
  }, {std::string("was null")});
  EXPECT_EQ(changed, 3);
  EXPECT_EQ(c.scalar("SELECT count(*) FROM " + table_ + " WHERE name = 'was null' AND score = -1.5"), Value(int64_t{3}));
  EXPECT_THROW(insert_rows(c, table_ + " (id, name)", {"BIGINT", "TEXT"}, {int64_t{500}}), std::logic_error);
}

TEST_P(ConnectionContract, BulkInsertKeepsEveryValueAsGiven) {
  // COPY's text format on PostgreSQL: its special characters (backslash, tab, newline, carriage
  // return, the \N of NULL) must arrive as written; multi-row INSERTs on SQLite.
  Connection& c = *conn_;
  const std::vector<std::string> cols{"id", "name", "score", "note"}, types{"BIGINT", "TEXT", "DOUBLE PRECISION", "TEXT"};
  const std::vector<std::string> awkward{"tab\there", "line\nbreak", "back\\slash\\", "\\N", "cr\r", "", "é ü 😀", "a,b;\"c\""};
  std::vector<Value> rows;
  for (int64_t i = 1; i <= 3000; ++i) {
    rows.push_back(i);
    rows.push_back(i <= static_cast<int64_t>(awkward.size()) ? Value(awkward[static_cast<std::size_t>(i - 1)]) : Value(nullptr));
    rows.push_back(-static_cast<double>(i) / 8);
    rows.push_back(i % 2 ? Value(nullptr) : Value("n" + std::to_string(i)));
  }
  EXPECT_EQ(bulk_insert(c, table_, cols, types, rows), 3000);
  EXPECT_EQ(c.scalar("SELECT count(*) FROM " + table_), Value(int64_t{3000}));
  for (std::size_t i = 0; i < awkward.size(); ++i)
    EXPECT_EQ(c.scalar("SELECT name FROM " + table_ + " WHERE id = " + std::to_string(i + 1)), Value(awkward[i])) << i;
  EXPECT_EQ(c.scalar("SELECT count(*) FROM " + table_ + " WHERE name IS NULL"), Value(int64_t{3000 - static_cast<int64_t>(awkward.size())}));
  EXPECT_EQ(c.scalar("SELECT count(*) FROM " + table_ + " WHERE note IS NULL"), Value(int64_t{1500}));
  EXPECT_EQ(c.scalar("SELECT score FROM " + table_ + " WHERE id = 3"), Value(-3.0 / 8));
  EXPECT_EQ(bulk_insert(c, table_, cols, types, {}), 0);
  EXPECT_THROW(bulk_insert(c, table_, cols, types, {int64_t{1}}), std::logic_error);
  // A broken constraint fails the whole call (the caller's transaction rolls it back).
  EXPECT_THROW(bulk_insert(c, table_, cols, types, {int64_t{1}, nullptr, 0.0, nullptr}), DbError);
}

INSTANTIATE_TEST_SUITE_P(Engines, ConnectionContract, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::db
