// Needs the private cluster of scripts/test.sh (RAPPORT_TEST_PG_URL).
#include "platform/db/pg_database.hpp"

#include <gtest/gtest.h>

#include "platform/db/pg_test_support.hpp"
#include "platform/db/unavailable.hpp"
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <thread>

namespace rapport::db {
namespace {

class PgDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RAPPORT_REQUIRE_PG();
    table_ = "pgdb_" + std::to_string(::getpid()) + "_" + std::to_string(std::rand() % 1000000);
    PgOptions o;
    o.url = pg_test_url();
    db_ = std::make_unique<PgDatabase>(o, 4);
    ASSERT_TRUE(db_->write([&](Connection& c) -> Status {
      c.exec("CREATE TABLE " + table_ + " (id BIGINT PRIMARY KEY, v TEXT UNIQUE)");
      return ok_status();
    }).ok());
  }
  void TearDown() override {
    // Best effort: a table left behind by a failed test has a name of its own and harms no other.
    if (db_) (void)db_->write([&](Connection& c) -> Status {
      c.exec("DROP TABLE IF EXISTS " + table_);
      return ok_status();
    });
  }
  int64_t count() {
    return db_->read([&](Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM " + table_)); });
  }
  std::string table_;
  std::unique_ptr<PgDatabase> db_;
};

TEST_F(PgDatabaseTest, AProblemOrAnExceptionRollsTheWriteBack) {
  auto insert = [&](int64_t id, const std::string& v) {
    return [=, this](Connection& c) {
      c.prepare("INSERT INTO " + table_ + " (id, v) VALUES (?, ?)").bind_all({id, v}).run();
    };
  };
  EXPECT_TRUE(db_->write([&](Connection& c) -> Status {
    insert(1, "a")(c);
    return ok_status();
  }).ok());
  auto refused = db_->write([&](Connection& c) -> Status {
    insert(2, "b")(c);
    return Problem::invalid({{"v", "test", "refused on purpose"}});
  });
  EXPECT_EQ(refused.problem().status, 422);
  auto thrown = db_->write([&](Connection& c) -> Status {
    insert(3, "c")(c);
    c.exec("SELECT no_such_function()");
    return ok_status();
  });
  EXPECT_EQ(thrown.problem().status, 500);
  EXPECT_EQ(count(), 1);
}

// An error PostgreSQL answers to COMMIT itself that is none of the kinds write() names (here a
// deferred constraint trigger raising its own exception): the write answers 500 as a Status, keeps
// nothing, and the connection serves the next write. write() let such an error escape as an exception.
TEST_F(PgDatabaseTest, AnUnexpectedErrorAtCommitIsA500AndKeepsNothing) {
  ASSERT_TRUE(db_->write([&](Connection& c) -> Status {
    c.exec("CREATE FUNCTION " + table_ + "_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
           "IF NEW.v = 'refused at commit' THEN RAISE EXCEPTION 'refused at commit'; END IF; RETURN NULL; END $$");
    c.exec("CREATE CONSTRAINT TRIGGER refuse AFTER INSERT ON " + table_ +
           " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION " + table_ + "_refuse()");
    return ok_status();
  }).ok());
  Status refused = ok_status();
  EXPECT_NO_THROW(refused = db_->write([&](Connection& c) -> Status {
    c.prepare("INSERT INTO " + table_ + " (id, v) VALUES (1, 'refused at commit')").run();
    return ok_status();
  }));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.problem().status, 500);
  EXPECT_EQ(count(), 0);
  for (int i = 0; i < 8; ++i)  // every connection of the pool, had one been left in a transaction
    EXPECT_TRUE(db_->write([&](Connection& c) -> Status {
      c.prepare("INSERT INTO " + table_ + " (id, v) VALUES (?, ?)").bind_all({int64_t{10 + i}, "kept " + std::to_string(i)}).run();
      return ok_status();
    }).ok());
  EXPECT_EQ(count(), 8);
  (void)db_->write([&](Connection& c) -> Status {
    c.exec("DROP TABLE " + table_);
    c.exec("DROP FUNCTION " + table_ + "_refuse()");
    return ok_status();
  });
}

// A statement cancelled by statement_timeout: the write answers 503 and keeps nothing (it was a 500),
// a read throws db::Unavailable (the HTTP layer's 503); the connection stays in the pool and serves
// the next write.
TEST_F(PgDatabaseTest, AStatementPastItsTimeoutIs503AndRollsBack) {
  PgOptions o;
  o.url = pg_test_url();
  o.statement_timeout = std::chrono::milliseconds(200);
  PgDatabase db(o, 1);
  auto insert = [&](int64_t id) {
    return [=, this](Connection& c) {
      c.prepare("INSERT INTO " + table_ + " (id, v) VALUES (?, ?)").bind_all({id, "v" + std::to_string(id)}).run();
    };
  };
  auto st = db.write([&](Connection& c) -> Status {
    insert(7)(c);
    (void)c.scalar("SELECT pg_sleep(2)");
    return ok_status();
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.problem().status, 503);
  EXPECT_THROW(db.read([](Connection& c) { return c.scalar("SELECT pg_sleep(2)"); }), Unavailable);
  EXPECT_TRUE(db.write([&](Connection& c) -> Status {
    insert(8)(c);
    return ok_status();
  }));
  EXPECT_EQ(count(), 1);
}

TEST_F(PgDatabaseTest, ConcurrentDuplicatesAreConflictsNotErrors) {
  std::atomic<int> created{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto st = db_->write([&](Connection& c) -> Status {
        c.prepare("INSERT INTO " + table_ + " (id, v) VALUES (?, ?)").bind_all({int64_t{100 + i}, std::string("same")}).run();
        return ok_status();
      });
      if (st.ok()) ++created;
      else if (st.problem().status == 409) ++conflicts;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(conflicts.load(), 7);
  EXPECT_EQ(count(), 1);
}

// Two writes that lock two rows in opposite orders: PostgreSQL aborts one to break the deadlock.
// That one answers 409 concurrent-change (which the record service runs again), not 500, and
// nothing of it stays; the other commits.
TEST_F(PgDatabaseTest, ADeadlockIsAConflictNotAnError) {
  ASSERT_TRUE(db_->write([&](Connection& c) -> Status {
    c.exec("INSERT INTO " + table_ + " (id, v) VALUES (1, 'one'), (2, 'two')");
    return ok_status();
  }));
  std::atomic<int> first_locks{0};
  auto crossing = [&](int64_t first, int64_t second) {
    return db_->write([&, first, second](Connection& c) -> Status {
      c.prepare("UPDATE " + table_ + " SET v = v || '+' WHERE id = ?").bind_all({first}).run();
      ++first_locks;
      while (first_locks.load() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      c.prepare("UPDATE " + table_ + " SET v = v || '+' WHERE id = ?").bind_all({second}).run();
      return ok_status();
    });
  };
  Status a = Problem::internal(), b = Problem::internal();
  std::thread ta([&] { a = crossing(1, 2); });
  std::thread tb([&] { b = crossing(2, 1); });
  ta.join();
  tb.join();
  ASSERT_NE(a.ok(), b.ok()) << "exactly one of the two commits";
  const Status& lost = a.ok() ? b : a;
  EXPECT_EQ(lost.problem().status, 409);
  EXPECT_EQ(lost.problem().type_slug, "concurrent-change");
  // The winner's two changes, and none of the loser's.
  auto values = db_->read([&](Connection& c) {
    return std::get<std::string>(c.scalar("SELECT string_agg(v, ',' ORDER BY id) FROM " + table_));
  });
  EXPECT_EQ(values, "one+,two+");
}

TEST(PgDatabaseDown, WritesAnswer503AndReadsThrowUnavailable) {
  PgOptions o;
  o.url = "postgres://rapport@127.0.0.1:1/none";
  PgDatabase db(o, 2);
  auto st = db.write([](Connection&) -> Status { return ok_status(); });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.problem().status, 503);
  EXPECT_THROW(db.read([](Connection& c) { return c.scalar("SELECT 1"); }), PgUnavailable);
}

}  // namespace
}  // namespace rapport::db

namespace rapport::db {
namespace {

TEST_F(PgDatabaseTest, AOneStatementReadSkipsTheTransaction) {
  auto isolation = [](Connection& c) { return std::get<std::string>(c.scalar("SELECT current_setting('transaction_isolation')")); };
  // read() wraps fn in a read-only REPEATABLE READ transaction; read_statement() runs it alone
  // (autocommit, the server's default isolation), one round trip instead of three.
  EXPECT_EQ(db_->read(isolation), "repeatable read");
  EXPECT_EQ(db_->read_statement(isolation), "read committed");
  EXPECT_TRUE(db_->write([&](Connection& c) -> Status {
    c.prepare("INSERT INTO " + table_ + " (id, v) VALUES (?, ?)").bind_all({int64_t{7}, std::string("x")}).run();
    return ok_status();
  }).ok());
  EXPECT_EQ(db_->read_statement([&](Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM " + table_)); }), 1);
}

}  // namespace
}  // namespace rapport::db
