// Runs against the private cluster scripts/test.sh starts (RAPPORT_TEST_PG_URL). Without it the
// tests skip, unless RAPPORT_REQUIRE_PG=1 (set by scripts/test.sh, so CI cannot skip them).
#include "platform/db/postgres.hpp"

#include <gtest/gtest.h>

#include "platform/db/pg_test_support.hpp"

#include <cstdlib>
#include <thread>

#include "platform/ids.hpp"

namespace rapport::db {
namespace {

PgOptions options(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
  PgOptions o;
  o.url = pg_test_url();
  o.statement_timeout = timeout;
  return o;
}

// A table name of its own per test, so tests can run in parallel on one database.
std::string table_name() { return "t_" + ids::random_token(6).substr(0, 8) + "_" + std::to_string(std::rand() % 100000); }

std::string safe(std::string s) {
  for (auto& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

TEST(Postgres, BindsAndReadsEveryValueType) {
  RAPPORT_REQUIRE_PG();
  PgConnection c(options());
  std::string t = safe(table_name());
  c.exec_script("CREATE TABLE " + t + " (id bigint PRIMARY KEY, name text, score double precision, note text)");
  c.exec("INSERT INTO " + t + " VALUES ($1, $2, $3, $4)", {int64_t{1}, std::string("O'Brien; --"), 2.5, nullptr});
  auto r = c.exec("SELECT id, name, score, note FROM " + t + " WHERE id = $1", {int64_t{1}});
  ASSERT_EQ(r.rows(), 1);
  EXPECT_EQ(r.int64(0, 0), 1);
  EXPECT_EQ(r.text(0, 1), "O'Brien; --");
  EXPECT_DOUBLE_EQ(r.real(0, 2), 2.5);
  EXPECT_TRUE(r.is_null(0, 3));
  EXPECT_EQ(c.exec("UPDATE " + t + " SET note = $1", {std::string("x")}).affected(), 1);
  c.exec_script("DROP TABLE " + t);
}

TEST(Postgres, PreparesEachStatementOncePerConnection) {
  RAPPORT_REQUIRE_PG();
  PgConnection c(options());
  for (int i = 0; i < 5; ++i) c.exec("SELECT $1::int + 1", {int64_t{i}});
  auto r = c.exec("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", {std::string("SELECT $1::int + 1")});
  EXPECT_EQ(r.int64(0, 0), 1);
}

TEST(Postgres, UniqueViolationIsAConstraintError) {
  RAPPORT_REQUIRE_PG();
  PgConnection c(options());
  std::string t = safe(table_name());
  c.exec_script("CREATE TABLE " + t + " (email text UNIQUE)");
  c.exec("INSERT INTO " + t + " VALUES ($1)", {std::string("a@b.co")});
  EXPECT_THROW(c.exec("INSERT INTO " + t + " VALUES ($1)", {std::string("a@b.co")}), ConstraintError);
  EXPECT_EQ(c.exec("SELECT count(*) FROM " + t).int64(0, 0), 1);  // the connection is still usable
  c.exec_script("DROP TABLE " + t);
}

TEST(Postgres, StatementTimeoutCancelsLongQueries) {
  RAPPORT_REQUIRE_PG();
  PgConnection c(options(std::chrono::milliseconds(200)));
  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(c.exec("SELECT pg_sleep(5)"), DbError);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_EQ(c.exec("SELECT 1").int64(0, 0), 1);
}

TEST(Postgres, UnreachableServerIsUnavailableQuickly) {
  PgOptions o;
  o.url = "postgres://rapport@127.0.0.1:1/none";  // nothing listens on port 1
  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(PgConnection{o}, PgUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  PgPool pool(o, 2);
  EXPECT_THROW(pool.with([](PgConnection& c) { return c.exec("SELECT 1").rows(); }), PgUnavailable);
  EXPECT_EQ(pool.in_use(), 0);
}

TEST(Postgres, PoolReconnectsAfterItsConnectionIsKilled) {
  RAPPORT_REQUIRE_PG();
  PgPool pool(options(), 1);
  int pid = pool.with([](PgConnection& c) { return c.backend_pid(); });
  PgConnection admin(options());
  admin.exec("SELECT pg_terminate_backend($1)", {int64_t{pid}});
  // The first use notices the dead connection (503 for that request); the next one reconnects.
  bool failed_once = false;
  try {
    pool.with([](PgConnection& c) { return c.exec("SELECT 1").rows(); });
  } catch (const PgUnavailable&) {
    failed_once = true;
  }
  EXPECT_TRUE(failed_once);
  int new_pid = pool.with([](PgConnection& c) { return c.backend_pid(); });
  EXPECT_NE(new_pid, pid);
  EXPECT_EQ(pool.with([](PgConnection& c) { return c.exec("SELECT 41 + 1").int64(0, 0); }), 42);
}

TEST(Postgres, PoolHandsEachConnectionToOneThreadAtATime) {
  RAPPORT_REQUIRE_PG();
  PgPool pool(options(), 3);
  std::atomic<int> max_seen{0}, ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 12; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 5; ++j) {
        pool.with([&](PgConnection& c) {
          int now = pool.in_use();
          int prev = max_seen.load();
          while (now > prev && !max_seen.compare_exchange_weak(prev, now)) {
          }
          return c.exec("SELECT pg_sleep(0.005)").rows();
        });
        ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 60);
  EXPECT_LE(max_seen.load(), 3);
  EXPECT_EQ(pool.in_use(), 0);
}

}  // namespace
}  // namespace rapport::db
