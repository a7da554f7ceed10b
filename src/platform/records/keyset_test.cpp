// What keyset paging promises, checked on real queries on every engine (SQLite always, PostgreSQL
// when the private test cluster is there): every row exactly once across pages, in the order's
// order, with ties on the sort value and NULLs, ascending and descending; and a tampered cursor is a
// 400 before any SQL runs.
#include "platform/records/keyset.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>

#include "platform/db/pg_connection_adapter.hpp"
#include "platform/db/pg_test_support.hpp"
#include "platform/db/sqlite.hpp"
#include "platform/ids.hpp"
#include "platform/test_temp_dir.hpp"

namespace rapport::records::keyset {
namespace {
namespace fs = std::filesystem;

std::string cursor_of(const std::string& json_text) { return ids::base64url_encode(json_text); }

int status_of(const Order& o, std::string_view cursor) {
  auto r = parse_cursor(o, cursor);
  return r.ok() ? 200 : r.problem().status;
}

TEST(Keyset, LimitIsAnIntegerFromOneTo500) {
  EXPECT_EQ(*parse_limit("1"), 1);
  EXPECT_EQ(*parse_limit("500"), 500);
  for (const char* bad : {"0", "501", "-1", "+5", " 5", "5 ", "abc", "10x", "", "99999999999999999999"})
    EXPECT_EQ(parse_limit(bad).problem().status, 400) << bad;
}

TEST(Keyset, CursorsRoundTripInTheirOrdersTypes) {
  std::string id = ids::uuid_v7();
  Order text{.name = "-created_at", .value_sql = "created_at", .descending = true};
  auto p = parse_cursor(text, make_cursor(text, {std::string("2026-01-01T00:00:00.000Z"), id}));
  ASSERT_TRUE(p.ok() && p->has_value());
  EXPECT_EQ((*p)->value, db::Value(std::string("2026-01-01T00:00:00.000Z")));
  EXPECT_EQ((*p)->id, db::Value(id));

  Order real{.name = "board_rank:s1", .value_sql = "board_rank", .value_type = Type::Real};
  for (double v : {0.0, 2.5, -1e-9, 1e300}) {
    auto r = parse_cursor(real, make_cursor(real, {v, id}));
    ASSERT_TRUE(r.ok() && r->has_value()) << v;
    EXPECT_EQ((*r)->value, db::Value(v));
  }
  // SQLite's json_extract answers 3 for a stored 3.0: the cursor takes it as the number it is.
  auto three = parse_cursor(real, make_cursor(real, {int64_t{3}, id}));
  ASSERT_TRUE(three.ok());
  EXPECT_EQ((*three)->value, db::Value(3.0));

  Order by_id{.name = "audit-events", .id_type = Type::Integer, .descending = true};
  auto a = parse_cursor(by_id, make_cursor(by_id, {nullptr, int64_t{9007199254740993}}));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a)->id, db::Value(int64_t{9007199254740993}));

  Order nullable{.name = "last_name", .value_sql = "last_name", .nullable = true};
  auto n = parse_cursor(nullable, make_cursor(nullable, {nullptr, id}));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ((*n)->value, db::Value(nullptr));
  // No cursor: the first page.
  auto first = parse_cursor(nullable, "");
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->has_value());
}

TEST(Keyset, TamperedCursorsAre400) {
  const std::string id = ids::uuid_v7();
  Order text{.name = "timeline", .value_sql = "a.occurred_at", .id_sql = "a.id", .descending = true};
  Order real{.name = "board_rank", .value_sql = "board_rank", .value_type = Type::Real};
  Order integer{.name = "custom.n", .value_sql = "n", .value_type = Type::Integer, .nullable = true};
  Order by_id{.name = "history", .id_type = Type::Integer, .descending = true};
  EXPECT_EQ(status_of(text, make_cursor(text, {std::string("2026"), id})), 200);

  for (const std::string& bad : {std::string("not base64!"), std::string("AAAA"), cursor_of("[1,2]"), cursor_of("{}"),
                                 cursor_of("null"), cursor_of("{\"s\":\"timeline\""), std::string(3000, 'A')})
    EXPECT_EQ(status_of(text, bad), 400) << bad;
  // Another order's cursor.
  EXPECT_EQ(status_of(text, make_cursor(real, {1.5, id})), 400);
  EXPECT_EQ(status_of(by_id, make_cursor(Order{.name = "audit-events", .id_type = Type::Integer}, {nullptr, int64_t{5}})), 400);
  // Values of the wrong type: on PostgreSQL each would reach the database as a parameter that cannot
  // be compared with the column.
  const std::string s = "{\"s\":\"timeline\",";
  EXPECT_EQ(status_of(text, cursor_of(s + "\"v\":5,\"i\":\"" + id + "\"}")), 400);
  EXPECT_EQ(status_of(text, cursor_of(s + "\"v\":null,\"i\":\"" + id + "\"}")), 400);  // never NULL
  EXPECT_EQ(status_of(text, cursor_of(s + "\"v\":[\"x\"],\"i\":\"" + id + "\"}")), 400);
  EXPECT_EQ(status_of(text, cursor_of(s + "\"v\":{},\"i\":\"" + id + "\"}")), 400);
  EXPECT_EQ(status_of(text, cursor_of(s + "\"v\":true,\"i\":\"" + id + "\"}")), 400);
  EXPECT_EQ(status_of(text, cursor_of(s + "\"i\":\"" + id + "\"}")), 400);                // no value
  EXPECT_EQ(status_of(text, cursor_of(s + "\"v\":\"x\",\"i\":\"nope\"}")), 400);          // not a UUID
  EXPECT_EQ(status_of(text, cursor_of(s + "\"v\":\"x\",\"i\":7}")), 400);
  EXPECT_EQ(status_of(text, cursor_of(s + "\"v\":\"x\"}")), 400);                          // no id
  EXPECT_EQ(status_of(real, cursor_of("{\"s\":\"board_rank\",\"v\":\"1.5\",\"i\":\"" + id + "\"}")), 400);
  EXPECT_EQ(status_of(real, cursor_of("{\"s\":\"board_rank\",\"v\":null,\"i\":\"" + id + "\"}")), 400);
  EXPECT_EQ(status_of(integer, cursor_of("{\"s\":\"custom.n\",\"v\":1.5,\"i\":\"" + id + "\"}")), 400);
  EXPECT_EQ(status_of(integer, cursor_of("{\"s\":\"custom.n\",\"v\":\"1\",\"i\":\"" + id + "\"}")), 400);
  EXPECT_EQ(status_of(integer, cursor_of("{\"s\":\"custom.n\",\"v\":18446744073709551615,\"i\":\"" + id + "\"}")), 400);
  EXPECT_EQ(status_of(integer, cursor_of("{\"s\":\"custom.n\",\"v\":null,\"i\":\"" + id + "\"}")), 200);
  EXPECT_EQ(status_of(by_id, cursor_of("{\"s\":\"history\",\"i\":\"12\"}")), 400);
  EXPECT_EQ(status_of(by_id, cursor_of("{\"s\":\"history\",\"i\":1.5}")), 400);
  EXPECT_EQ(status_of(by_id, cursor_of("{\"s\":\"history\",\"v\":1,\"i\":12}")), 400);  // a value it has no use for
  EXPECT_EQ(status_of(by_id, cursor_of("{\"s\":\"history\",\"i\":12}")), 200);
}

TEST(Keyset, OrderByStatesNullsOnPostgresOnlyWhereAnIndexOrTheConditionsNeedIt) {
  auto order_sql = [](const Order& o, db::Dialect d) {
    std::string sql;
    std::vector<db::Value> params;
    append_order_limit(o, 20, d, sql, params);
    EXPECT_EQ(params.back(), db::Value(int64_t{21}));  // one row more than the page
    return sql;
  };
  Order plain{.name = "x", .value_sql = "deleted_at", .descending = true};
  EXPECT_EQ(order_sql(plain, db::Dialect::Postgres), " ORDER BY deleted_at DESC, id DESC LIMIT ?");
  Order indexed = plain;
  indexed.pg_nulls_first_index = true;
  EXPECT_EQ(order_sql(indexed, db::Dialect::Postgres), " ORDER BY deleted_at DESC NULLS LAST, id DESC LIMIT ?");
  EXPECT_EQ(order_sql(indexed, db::Dialect::Sqlite), " ORDER BY deleted_at DESC, id DESC LIMIT ?");
  Order nullable{.name = "x", .value_sql = "k", .nullable = true};
  EXPECT_EQ(order_sql(nullable, db::Dialect::Postgres), " ORDER BY k ASC NULLS FIRST, id ASC LIMIT ?");
  Order by_id{.name = "x", .id_sql = "a.id", .id_type = Type::Integer, .descending = true};
  EXPECT_EQ(order_sql(by_id, db::Dialect::Postgres), " ORDER BY a.id DESC LIMIT ?");
}

// Paging real tables.
class KeysetPaging : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      dir_.emplace("rapport-keyset");
      conn_ = std::make_unique<db::SqliteConnection>(dir_->file("k.db"), false);
      table_ = "t";
    } else {
      RAPPORT_REQUIRE_PG();
      pg_ = std::make_unique<db::PgConnection>(db::pg_admin_options());
      conn_ = std::make_unique<db::PgAdapterConnection>(*pg_);
      table_ = "keyset_" + std::to_string(::getpid()) + "_" + std::to_string(std::rand() % 1000000);
    }
    conn_->exec("CREATE TABLE " + table_ + " (id TEXT PRIMARY KEY, n BIGINT NOT NULL, k TEXT, r DOUBLE PRECISION)");
    // 60 rows: k repeats 4 values and NULL, r 3 values and NULL, so every page boundary falls among ties.
    const char* keys[] = {"b", nullptr, "a", "c", "b", "a", nullptr, "d"};
    const double reals[] = {2.5, 1.0, 2.5, -3.0};
    for (int i = 0; i < 60; ++i) {
      Row row{ids::uuid_v7(), i + 1, keys[i % 8] ? std::optional<std::string>(keys[i % 8]) : std::nullopt,
              i % 5 == 4 ? std::nullopt : std::optional<double>(reals[i % 4])};
      conn_->prepare("INSERT INTO " + table_ + " (id, n, k, r) VALUES (?, ?, ?, ?)")
          .bind_all({row.id, int64_t{row.n}, row.k ? db::Value(*row.k) : db::Value(nullptr),
                     row.r ? db::Value(*row.r) : db::Value(nullptr)})
          .run();
      rows_.push_back(std::move(row));
    }
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
  }

  struct Row {
    std::string id;
    int n;
    std::optional<std::string> k;
    std::optional<double> r;
  };

  // Every page through the table in `order` (ids as text); fails the test on a page of the wrong size.
  std::vector<std::string> page_all(const Order& order, int limit, int value_col) {
    std::vector<std::string> out;
    std::string cursor;
    for (int pages = 0; pages < 200; ++pages) {
      auto after = parse_cursor(order, cursor);
      EXPECT_TRUE(after.ok()) << (after.ok() ? "" : after.problem().detail);
      if (!after) return out;
      std::string sql = "SELECT id, n, k, r FROM " + table_ + " WHERE n > ?";
      std::vector<db::Value> params{int64_t{0}};
      if (*after) sql += " AND " + after_sql(order, **after, params);
      append_order_limit(order, limit, conn_->dialect(), sql, params);
      auto& st = conn_->prepare(sql);
      st.bind_all(params);
      std::size_t before = out.size();
      auto next = read_page(order, st, limit, {.value = value_col, .id = order.id_sql == "n" ? 1 : 0},
                            [&](const db::Statement& row) { out.push_back(row.text(0)); });
      if (!next) {
        EXPECT_LE(out.size() - before, static_cast<std::size_t>(limit));
        return out;
      }
      EXPECT_EQ(out.size() - before, static_cast<std::size_t>(limit));
      cursor = *next;
    }
    ADD_FAILURE() << "paging does not end";
    return out;
  }

  // The rows in the order's order, computed here: NULLs first ascending and last descending, the id
  // breaking ties.
  template <class Key>
  std::vector<std::string> expected(Key key, bool descending) const {
    std::vector<Row> sorted = rows_;
    std::stable_sort(sorted.begin(), sorted.end(), [&](const Row& a, const Row& b) {
      auto ka = key(a), kb = key(b);
      if (ka != kb) return descending ? kb < ka : ka < kb;  // std::nullopt < any value
      return descending ? b.id < a.id : a.id < b.id;
    });
    std::vector<std::string> ids;
    for (const auto& r : sorted) ids.push_back(r.id);
    return ids;
  }

  std::optional<TempDir> dir_;  // SQLite's file
  std::string table_;
  std::unique_ptr<db::PgConnection> pg_;
  std::unique_ptr<db::Connection> conn_;
  std::vector<Row> rows_;
};

TEST_P(KeysetPaging, EveryRowOnceWithTiesAndNullsInBothDirections) {
  for (bool descending : {false, true}) {
    Order text{.name = "k", .value_sql = "k", .nullable = true, .descending = descending};
    Order real{.name = "r", .value_sql = "r", .value_type = Type::Real, .nullable = true, .descending = descending};
    auto by_k = expected([](const Row& r) { return r.k; }, descending);
    auto by_r = expected([](const Row& r) { return r.r; }, descending);
    for (int limit : {1, 2, 3, 7, 59, 60, 61}) {
      EXPECT_EQ(page_all(text, limit, 2), by_k) << "k, limit " << limit << (descending ? " desc" : " asc");
      EXPECT_EQ(page_all(real, limit, 3), by_r) << "r, limit " << limit << (descending ? " desc" : " asc");
    }
  }
}

TEST_P(KeysetPaging, NotNullValuesAndIdOnlyOrders) {
  conn_->exec("UPDATE " + table_ + " SET k = 'z' WHERE k IS NULL");
  for (auto& r : rows_)
    if (!r.k) r.k = "z";
  for (bool descending : {false, true}) {
    Order text{.name = "k", .value_sql = "k", .descending = descending};
    Order by_n{.name = "n", .id_sql = "n", .id_type = Type::Integer, .descending = descending};
    auto by_k = expected([](const Row& r) { return r.k; }, descending);
    auto by_id = expected([](const Row& r) { return r.n; }, descending);
    for (int limit : {1, 4, 60}) {
      EXPECT_EQ(page_all(text, limit, 2), by_k) << "k, limit " << limit;
      EXPECT_EQ(page_all(by_n, limit, -1), by_id) << "n, limit " << limit;
    }
  }
}

TEST_P(KeysetPaging, RowsWrittenBetweenPagesAreNeitherSkippedNorRepeated) {
  Order order{.name = "k", .value_sql = "k", .nullable = true};
  std::string sql = "SELECT id, n, k, r FROM " + table_;
  std::vector<db::Value> params;
  append_order_limit(order, 10, conn_->dialect(), sql, params);
  auto& st = conn_->prepare(sql);
  st.bind_all(params);
  std::vector<std::string> first;
  auto next = read_page(order, st, 10, {.value = 2, .id = 0}, [&](const db::Statement& row) { first.push_back(row.text(0)); });
  ASSERT_TRUE(next);
  // A row that sorts before the cursor and one after it; the first page's first row goes.
  const std::string before = "00000000-0000-7000-8000-000000000000", after = "ffffffff-ffff-7fff-bfff-ffffffffffff";
  conn_->prepare("INSERT INTO " + table_ + " (id, n, k) VALUES (?, 100, NULL), (?, 101, 'zz')").bind_all({before, after}).run();
  conn_->prepare("DELETE FROM " + table_ + " WHERE id = ?").bind_all({first.front()}).run();
  auto rest = parse_cursor(order, *next);
  ASSERT_TRUE(rest.ok() && rest->has_value());
  params.clear();
  std::string sql2 = "SELECT id, n, k, r FROM " + table_ + " WHERE " + after_sql(order, **rest, params);
  append_order_limit(order, 100, conn_->dialect(), sql2, params);
  auto& st2 = conn_->prepare(sql2);
  st2.bind_all(params);
  std::vector<std::string> second;
  EXPECT_FALSE(read_page(order, st2, 100, {.value = 2, .id = 0}, [&](const db::Statement& row) { second.push_back(row.text(0)); }));
  std::set<std::string> seen(first.begin(), first.end());
  for (const auto& id : second) EXPECT_TRUE(seen.insert(id).second) << "repeated " << id;
  EXPECT_FALSE(seen.count(before));
  EXPECT_TRUE(seen.count(after));
  EXPECT_EQ(seen.size(), rows_.size() + 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, KeysetPaging, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::records::keyset
