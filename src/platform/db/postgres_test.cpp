// Runs against the private cluster scripts/test.sh starts (RAPPORT_TEST_PG_URL). Without it the
// tests skip, unless RAPPORT_REQUIRE_PG=1 (set by scripts/test.sh, so CI cannot skip them).
#include "platform/db/postgres.hpp"

#include <gtest/gtest.h>

#include "platform/db/pg_test_support.hpp"
#include "platform/db/unavailable.hpp"
#include "platform/process_stats.hpp"

#include <atomic>
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

// Every connection runs without JIT (the server's default is on with Debian's packages).
TEST(Postgres, ConnectionsRunWithoutJit) {
  RAPPORT_REQUIRE_PG();
  PgConnection c(options());
  EXPECT_EQ(c.exec("SHOW jit").text(0, 0), "off");
  c.reconnect();
  EXPECT_EQ(c.exec("SHOW jit").text(0, 0), "off");
}

TEST(Postgres, PreparesEachStatementOncePerConnection) {
  RAPPORT_REQUIRE_PG();
  PgConnection c(options());
  for (int i = 0; i < 5; ++i) c.exec("SELECT $1::int + 1", {int64_t{i}});
  auto r = c.exec("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", {std::string("SELECT $1::int + 1")});
  EXPECT_EQ(r.int64(0, 0), 1);
}

// A deferred BEGIN opens the transaction of the command after it (in the same message when that
// is a script), and one that was never sent is dropped without having opened anything.
TEST(Postgres, ADeferredBeginGoesWithTheNextCommand) {
  RAPPORT_REQUIRE_PG();
  PgConnection c(options());
  auto isolation = [&] { return c.exec("SELECT current_setting('transaction_isolation')").text(0, 0); };
  c.defer("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  c.exec_script("SET LOCAL lock_timeout = 1234");
  EXPECT_EQ(isolation(), "repeatable read") << "the script ran in the deferred transaction";
  EXPECT_EQ(c.exec("SHOW lock_timeout").text(0, 0), "1234ms");
  EXPECT_TRUE(c.drop_deferred());
  c.exec_script("COMMIT");
  EXPECT_EQ(c.exec("SHOW lock_timeout").text(0, 0), "0") << "SET LOCAL ended with it";

  c.defer("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  EXPECT_EQ(isolation(), "repeatable read") << "a prepared statement sends it first";
  EXPECT_TRUE(c.drop_deferred());
  c.exec_script("COMMIT");

  c.defer("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  EXPECT_FALSE(c.drop_deferred()) << "nothing ran";
  EXPECT_EQ(isolation(), "read committed") << "and nothing was opened";
}

// The deferred BEGIN, the preparing of a new text and its execution share one round trip (pipeline
// mode): each outcome must be what three separate commands gave, and the connection must be left
// usable (out of pipeline mode) whatever failed.
TEST(Postgres, ADeferredBeginAndTheFirstStatementShareOneRoundTrip) {
  RAPPORT_REQUIRE_PG();
  PgConnection c(options());
  const std::string t = safe(table_name());
  c.exec_script("CREATE TABLE " + t + " (id bigint PRIMARY KEY)");
  auto prepared_count = [&](const std::string& text) {
    return c.exec("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", {text}).int64(0, 0);
  };
  const std::string insert = "INSERT INTO " + t + " VALUES ($1)";

  // A write: BEGIN, prepare and insert together, then rolled back: nothing stays.
  c.defer("BEGIN");
  EXPECT_EQ(c.exec(insert, {int64_t{1}}).affected(), 1);
  EXPECT_TRUE(c.drop_deferred());
  c.exec_script("ROLLBACK");
  EXPECT_EQ(c.exec("SELECT count(*) FROM " + t).int64(0, 0), 0) << "the insert ran inside the deferred transaction";
  EXPECT_EQ(prepared_count(insert), 1) << "prepared once, and kept";

  // The statement fails (a duplicate key) after its text was prepared: the error is the statement's,
  // the transaction is aborted until ROLLBACK, and the prepared text is still known and reused.
  c.exec(insert, {int64_t{2}});
  c.defer("BEGIN");
  EXPECT_THROW(c.exec(insert, {int64_t{2}}), ConstraintError);
  EXPECT_TRUE(c.drop_deferred());
  EXPECT_THROW(c.exec("SELECT 1"), DbError) << "the transaction is aborted, as after a separate BEGIN";
  c.exec_script("ROLLBACK");
  EXPECT_EQ(prepared_count(insert), 1);

  // Preparing fails (no such column): nothing is remembered as prepared, and the next use of the
  // connection works.
  const std::string broken = "SELECT no_such_column FROM " + t + " WHERE id = $1";
  c.defer("BEGIN");
  EXPECT_THROW(c.exec(broken, {int64_t{1}}), DbError);
  EXPECT_TRUE(c.drop_deferred());
  c.exec_script("ROLLBACK");
  EXPECT_EQ(prepared_count(broken), 0);
  EXPECT_THROW(c.exec(broken, {int64_t{1}}), DbError) << "prepared again, failing again";
  EXPECT_EQ(c.exec("SELECT count(*) FROM " + t).int64(0, 0), 1);

  // A committed write through the pipelined first statement is durable like any other.
  c.defer("BEGIN");
  c.exec(insert, {int64_t{3}});
  EXPECT_TRUE(c.drop_deferred());
  c.exec_script("COMMIT");
  PgConnection other(options());
  EXPECT_EQ(other.exec("SELECT count(*) FROM " + t).int64(0, 0), 2);
  c.exec_script("DROP TABLE " + t);
}

// Every distinct SQL text used to stay prepared on the connection for good, so varied list queries
// grew the memory of rapport and of its PostgreSQL backends without bound.
TEST(Postgres, PreparedStatementsAreBoundedPerConnection) {
  RAPPORT_REQUIRE_PG();
  PgConnection c(options());
  constexpr int kCapacity = static_cast<int>(StatementCache<std::string>::kDefaultCapacity);
  const auto evicted_before = statements_evicted().load();
  auto text = [](int i) { return "SELECT $1::int + " + std::to_string(i); };
  auto prepared_count = [&] { return c.exec("SELECT count(*) FROM pg_prepared_statements").int64(0, 0); };
  for (int i = 0; i < kCapacity + 100; ++i) EXPECT_EQ(c.exec(text(i), {int64_t{1}}).int64(0, 0), i + 1);
  EXPECT_LE(prepared_count(), kCapacity);
  EXPECT_GE(statements_evicted().load() - evicted_before, 100);
  // Inside a transaction too (DEALLOCATE is not transactional), and evicted texts run again.
  c.exec_script("BEGIN");
  for (int i = 0; i < kCapacity + 100; ++i) EXPECT_EQ(c.exec(text(i), {int64_t{2}}).int64(0, 0), i + 2);
  c.exec_script("COMMIT");
  EXPECT_LE(prepared_count(), kCapacity);
  // In an aborted transaction nothing can be freed: the caller sees the transaction's error and the
  // connection works after its ROLLBACK.
  c.exec_script("BEGIN");
  EXPECT_THROW(c.exec("SELECT 1 / $1::int", {int64_t{0}}), DbError);
  EXPECT_THROW(c.exec(text(-1), {int64_t{1}}), DbError);
  c.exec_script("ROLLBACK");
  EXPECT_EQ(c.exec(text(-1), {int64_t{1}}).int64(0, 0), 0);
  EXPECT_EQ(c.exec(text(0), {int64_t{5}}).int64(0, 0), 5);
  EXPECT_LE(prepared_count(), kCapacity);
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

// Error texts end up in logs: they name the SQLSTATE, table, column and constraint, never a value
// (libpq's DETAIL line quotes the key: "Key (email)=(ann@example.com) already exists").
TEST(Postgres, ErrorsNeverQuoteValues) {
  RAPPORT_REQUIRE_PG();
  PgConnection c(options());
  std::string t = safe(table_name());
  for (auto& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));  // as PostgreSQL names it
  c.exec_script("CREATE TABLE " + t + " (id int PRIMARY KEY, email text UNIQUE CHECK (email NOT LIKE '%blocked%'), n int NOT NULL)");
  c.exec("INSERT INTO " + t + " VALUES (1, $1, 1)", {std::string("ann@example.com")});
  auto message = [&](const std::string& sql, const std::vector<Value>& params) -> std::string {
    try {
      c.exec(sql, params);
    } catch (const DbError& e) {
      return e.what();
    }
    return "(no error)";
  };
  const std::string insert = "INSERT INTO " + t + " VALUES ($1, $2, $3)";
  std::string unique = message(insert, {int64_t{2}, std::string("ann@example.com"), int64_t{1}});
  EXPECT_EQ(unique.find("ann@example.com"), std::string::npos) << unique;
  EXPECT_NE(unique.find("[23505]"), std::string::npos) << unique;
  EXPECT_NE(unique.find("constraint " + t + "_email_key"), std::string::npos) << unique;
  EXPECT_NE(unique.find("table " + t), std::string::npos) << unique;
  std::string check = message(insert, {int64_t{3}, std::string("bob@blocked.example"), int64_t{1}});
  EXPECT_EQ(check.find("bob@blocked.example"), std::string::npos) << check;
  EXPECT_NE(check.find("[23514]"), std::string::npos) << check;
  std::string not_null = message(insert, {int64_t{4}, std::string("cy@example.com"), nullptr});
  EXPECT_EQ(not_null.find("cy@example.com"), std::string::npos) << not_null;  // DETAIL: Failing row contains (...)
  EXPECT_NE(not_null.find("column n"), std::string::npos) << not_null;
  std::string data = message("SELECT $1::int", {std::string("dee@example.com")});  // invalid input syntax for type integer: "dee@..."
  EXPECT_EQ(data.find("dee@example.com"), std::string::npos) << data;
  EXPECT_NE(data.find("[22P02]"), std::string::npos) << data;
  c.exec_script("DROP TABLE " + t);
}

TEST(Postgres, StatementTimeoutCancelsLongQueries) {
  RAPPORT_REQUIRE_PG();
  PgConnection c(options(std::chrono::milliseconds(200)));
  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(c.exec("SELECT pg_sleep(5)"), Unavailable);  // the HTTP layer's 503
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_EQ(c.exec("SELECT 1").int64(0, 0), 1);
}

// Under scripts/sanitize.sh this is also the regression test of a leak: each failed attempt's
// PGconn (about 100 KB with its buffers) was never freed, since the constructor threw.
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

// The settings sent once a connection is made can fail (the server dying between the login and them;
// here a statement_timeout PostgreSQL refuses): the connection is closed, not left open with its
// socket and its server backend, since the constructor threw and no destructor runs.
TEST(Postgres, AConnectionWhoseSettingsFailIsClosed) {
  RAPPORT_REQUIRE_PG();
  const auto fds = [] { return read_process_stats().value().open_fds; };
  const double before = fds();
  for (int i = 0; i < 20; ++i) EXPECT_THROW(PgConnection{options(std::chrono::milliseconds(-1))}, DbError);
  EXPECT_EQ(fds(), before) << "a descriptor left open by each failed connection";
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

// rapport_db_pool_waits_total and _seconds_total: a lease that found the pool full is counted with
// its wait; one that found a free connection is not.
TEST(Postgres, PoolCountsWaitsForABusyConnection) {
  RAPPORT_REQUIRE_PG();
  PgPool pool(options(), 1);
  pool.with([](PgConnection& c) { return c.exec("SELECT 1").rows(); });
  EXPECT_EQ(pool.waits(), 0u);
  std::atomic<bool> holding{false};
  std::thread holder([&] {
    pool.with([&](PgConnection& c) {
      holding = true;
      return c.exec("SELECT pg_sleep(0.3)").rows();
    });
  });
  while (!holding) std::this_thread::yield();
  pool.with([](PgConnection& c) { return c.exec("SELECT 1").rows(); });
  holder.join();
  EXPECT_EQ(pool.waits(), 1u);
  EXPECT_GE(pool.wait_seconds(), 0.1);
  EXPECT_LT(pool.wait_seconds(), 5.0);
}

}  // namespace
}  // namespace rapport::db
