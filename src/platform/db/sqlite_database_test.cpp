#include "platform/db/sqlite_database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "platform/db/migrations.hpp"
#include "platform/test_temp_dir.hpp"

namespace rapport::db {
namespace {
namespace fs = std::filesystem;

using TempDb = TempDbFile;

TEST(Migrations, AppliesInOrderOnceAndRefusesNewerDatabases) {
  TempDb t;
  SqliteConnection c(t.path(), false);
  std::vector<Migration> m = {{1, "0001_a", "CREATE TABLE a(x)"}, {2, "0002_b", "CREATE TABLE b(y)"}};
  auto r = migrate(c, m);
  EXPECT_EQ(r.applied, (std::vector<std::string>{"0001_a", "0002_b"}));
  EXPECT_EQ(r.to_version, 2);
  EXPECT_TRUE(migrate(c, m).applied.empty());
  m.push_back({3, "0003_bad", "CREATE TABLE a(x)"});  // fails: already exists
  EXPECT_THROW(migrate(c, m), DbError);
  EXPECT_EQ(std::get<int64_t>(c.scalar("SELECT max(version) FROM schema_migrations")), 2);  // rolled back
  m.pop_back();
  c.exec("INSERT INTO schema_migrations VALUES (7, 'future', 'x')");
  EXPECT_THROW(migrate(c, m), DbError);
}

// A migration numbered below a version the database already has would never be applied (only newer
// versions are): the runner refuses to go on, naming it, instead of serving on a schema without it.
TEST(Migrations, RefusesAMigrationNumberedBelowTheDatabasesVersion) {
  TempDb t;
  SqliteConnection c(t.path(), false);
  std::vector<Migration> m = {{1, "0001_a", "CREATE TABLE a(x)"}, {3, "0003_c", "CREATE TABLE c(z)"}};
  ASSERT_EQ(migrate(c, m).to_version, 3);
  m.insert(m.begin() + 1, {2, "0002_b", "CREATE TABLE b(y)"});
  try {
    (void)migrate(c, m);
    ADD_FAILURE() << "a skipped migration went unnoticed";
  } catch (const DbError& e) {
    EXPECT_NE(std::string(e.what()).find("0002_b"), std::string::npos) << e.what();
  }
  EXPECT_EQ(std::get<int64_t>(c.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'b'")), 0);
  m.erase(m.begin() + 1);
  m.push_back({4, "0004_d", "CREATE TABLE d(w)"});
  EXPECT_EQ(migrate(c, m).applied, (std::vector<std::string>{"0004_d"})) << "gaps in the numbers themselves are fine";
}

TEST(Database, GroupCommitIsolatesFailingJobs) {
  TempDb t;
  {
    SqliteConnection c(t.path(), false);
    c.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
  }
  SqliteDatabase db(t.path(), 2);
  // A first write holds the writer until the 64 jobs below are all queued, so they must share the
  // next batch: the batch count then proves group commit instead of merely allowing it.
  std::promise<void> gate_running, release;
  std::shared_future<void> released = release.get_future().share();
  std::thread gate([&] {
    EXPECT_TRUE(db.write([&gate_running, released](Connection&) -> Status {
      gate_running.set_value();
      released.wait();
      return ok_status();
    }).ok());
  });
  EXPECT_EQ(gate_running.get_future().wait_for(std::chrono::seconds(60)), std::future_status::ready);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0}, refused{0};
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&, i] {
      auto st = db.write([i](Connection& c) -> Status {
        c.prepare("INSERT INTO t(id, v) VALUES (?, ?)").bind_all({int64_t{i}, std::string("x")}).run();
        if (i % 4 == 0) return Problem::invalid({{"v", "test", "refused on purpose"}});  // rolls back this job only
        if (i % 4 == 1) c.prepare("INSERT INTO t(id, v) VALUES (?, NULL)").bind_all({int64_t{1000 + i}}).run();  // throws
        return ok_status();
      });
      (st.ok() ? ok : refused)++;
    });
  }
  // Generous deadline for a loaded machine; the assertions below fail if it passes unmet.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (db.stats().write_queue_depth < 64 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(db.stats().write_queue_depth, 64) << "the jobs were not all queued behind the gate";
  release.set_value();
  gate.join();
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 32);
  EXPECT_EQ(refused.load(), 32);
  auto n = db.read([](Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM t")); });
  EXPECT_EQ(n, 32);
  auto stats = db.stats();
  EXPECT_EQ(stats.write_jobs, 65);
  EXPECT_EQ(stats.write_batches, 2) << "the gate's batch, then one batch shared by the 64 concurrent jobs";
}

// A write alone in its batch runs without the group's savepoint: its statements must not find one
// open (SQLite would copy each changed page into the statement journal), and a failed write, by its
// Problem or by a statement the database refused, is rolled back whole and answered as itself.
TEST(Database, AWriteAloneRunsWithoutASavepointAndRollsBackWhole) {
  TempDb t;
  {
    SqliteConnection c(t.path(), false);
    c.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
  }
  SqliteDatabase db(t.path(), 2);
  ASSERT_TRUE(db.write([](Connection& c) -> Status {
    c.exec("INSERT INTO t(id, v) VALUES (1, 'kept')");
    // RELEASE of a savepoint that is not open fails: none is.
    EXPECT_THROW(c.exec("RELEASE rapport_job"), DbError);
    return ok_status();
  }).ok());
  Status refused = db.write([](Connection& c) -> Status {
    c.exec("INSERT INTO t(id, v) VALUES (2, 'x')");
    return Problem::invalid({{"v", "test", "refused on purpose"}});
  });
  EXPECT_EQ(refused.problem().status, 422);
  Status thrown = db.write([](Connection& c) -> Status {
    c.exec("INSERT INTO t(id, v) VALUES (3, 'x')");
    c.exec("INSERT INTO t(id, v) VALUES (4, NULL)");  // throws
    return ok_status();
  });
  EXPECT_EQ(thrown.problem().status, 500);
  ASSERT_TRUE(db.write([](Connection& c) -> Status {
    c.exec("INSERT INTO t(id, v) VALUES (5, 'kept')");
    return ok_status();
  }).ok()) << "the writer goes on after a lone write's rollback";
  EXPECT_EQ(db.read([](Connection& c) { return std::get<std::string>(c.scalar("SELECT group_concat(id) FROM t ORDER BY id")); }), "1,5");
}

// A full database refuses writes with 507 and nothing half-written, keeps answering reads, and takes
// writes again once it has room: SQLite's max_page_count stands in for a full disk (both are
// SQLITE_FULL), set on the writer's own connection by a job.
TEST(Database, AFullDatabaseRefusesWritesWith507AndRecoversWhenThereIsRoom) {
  TempDb t;
  {
    SqliteConnection c(t.path(), false);
    c.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
  }
  SqliteDatabase db(t.path(), 2);
  const int64_t pages = db.read([](Connection& c) { return std::get<int64_t>(c.scalar("PRAGMA page_count")); });
  ASSERT_TRUE(db.write([pages](Connection& c) -> Status {
    c.exec("PRAGMA max_page_count = " + std::to_string(pages + 8));
    return ok_status();
  }).ok());
  const std::string row(2000, 'x');
  int written = 0;
  Status refused = ok_status();
  for (int i = 0; i < 200 && refused.ok(); ++i) {
    refused = db.write([&row, i](Connection& c) -> Status {
      c.prepare("INSERT INTO t(id, v) VALUES (?, ?)").bind_all({int64_t{i}, row}).run();
      return ok_status();
    });
    if (refused.ok()) ++written;
  }
  ASSERT_FALSE(refused.ok()) << "the database never filled up";
  EXPECT_EQ(refused.problem().status, 507);
  EXPECT_TRUE(refused.problem().type_slug == "insufficient-storage");
  EXPECT_GT(written, 0);
  auto count = [&db] { return db.read([](Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM t")); }); };
  EXPECT_EQ(count(), written) << "every acknowledged row is there, the refused one is not";
  ASSERT_TRUE(db.write([](Connection& c) -> Status {
    c.exec("PRAGMA max_page_count = 1073741823");
    return ok_status();
  }).ok());
  EXPECT_TRUE(db.write([&row, written](Connection& c) -> Status {
    c.prepare("INSERT INTO t(id, v) VALUES (?, ?)").bind_all({int64_t{written}, row}).run();
    return ok_status();
  }).ok()) << "room again, writes again";
  EXPECT_EQ(count(), written + 1);
}

// Every connection that writes fsyncs its commits (synchronous=FULL is 2), whatever the build's
// default: the group-commit writer, the exclusive path and a connection opened for writing directly.
TEST(Database, EveryWriterConnectionIsSynchronousFull) {
  TempDb t;
  auto synchronous = [](Connection& c) { return std::get<int64_t>(c.scalar("PRAGMA synchronous")); };
  {
    SqliteConnection c(t.path(), false);
    EXPECT_EQ(synchronous(c), 2);
  }
  SqliteDatabase db(t.path(), 2);
  int64_t in_batch = -1, exclusive = -1;
  ASSERT_TRUE(db.write([&](Connection& c) -> Status {
    in_batch = synchronous(c);
    return ok_status();
  }).ok());
  EXPECT_EQ(in_batch, 2);
  db.exclusive([&](SqliteConnection& c) { exclusive = synchronous(c); });
  EXPECT_EQ(exclusive, 2);
  EXPECT_EQ(db.read([&](Connection& c) { return synchronous(c); }), 2);
}

// Each reader's page cache is the size it was given (rapport serve --reader-cache-mib), the writer's its own.
TEST(Database, ReadersTakeThePageCacheTheyAreGiven) {
  TempDb t;
  auto cache_kib = [](Connection& c) { return -std::get<int64_t>(c.scalar("PRAGMA cache_size")); };
  {
    SqliteDatabase db(t.path(), 2);
    EXPECT_EQ(db.read(cache_kib), kReaderCacheKiB);
  }
  SqliteDatabase db(t.path(), 2, 1234);
  EXPECT_EQ(db.read(cache_kib), 1234);
  int64_t writer = 0;
  ASSERT_TRUE(db.write([&](Connection& c) -> Status {
    writer = cache_kib(c);
    return ok_status();
  }).ok());
  EXPECT_EQ(writer, kWriterCacheKiB);
}

TEST(Database, ReadsSeeCommittedWritesAfterPartialIteration) {
  TempDb t;
  {
    SqliteConnection c(t.path(), false);
    c.exec("CREATE TABLE t(id INTEGER PRIMARY KEY)");
    c.exec("INSERT INTO t VALUES (1), (2), (3)");
  }
  SqliteDatabase db(t.path(), 1);
  // Step one row and stop: the pool must still end the read transaction.
  db.read([](Connection& c) {
    auto& st = c.prepare("SELECT id FROM t ORDER BY id");
    return st.step();
  });
  ASSERT_TRUE(db.write([](Connection& c) -> Status {
    c.exec("INSERT INTO t VALUES (4)");
    return ok_status();
  }).ok());
  EXPECT_EQ(db.read([](Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM t")); }), 4);
}

// Exclusive work (an erasure's WAL checkpoint) used to commit the batch it was queued in halfway:
// when the batch's final COMMIT then failed, the writes before it were told "nothing was written"
// although they were stored. Each acknowledgement must match what is stored.
TEST(Database, ExclusiveWorkNeverSplitsABatch) {
  TempDb t;
  {
    SqliteConnection c(t.path(), false);
    c.exec("CREATE TABLE parent(id INTEGER PRIMARY KEY)");
    // Checked at COMMIT only, so a job can make its batch's COMMIT fail.
    c.exec("CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)");
  }
  SqliteDatabase db(t.path(), 1);
  auto wait_for_queue = [&](int64_t depth) {
    while (db.stats().write_queue_depth < depth) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  };
  // Holds the writer so that the next three jobs queue up behind it, in this order.
  std::promise<void> release;
  std::atomic<bool> blocking{false};
  std::thread blocker([&, f = release.get_future().share()] {
    (void)db.write([&, f](Connection&) -> Status {
      blocking = true;
      f.wait();
      return ok_status();
    });
  });
  while (!blocking) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  Status first = Problem::internal();
  std::thread a([&] {
    first = db.write([](Connection& c) -> Status {
      c.exec("INSERT INTO parent VALUES (1)");
      return ok_status();
    });
  });
  wait_for_queue(1);
  int64_t seen_by_exclusive = -1;
  bool exclusive_failed = false;
  std::thread e([&] {
    try {
      db.exclusive([&](SqliteConnection& c) { seen_by_exclusive = std::get<int64_t>(c.scalar("SELECT count(*) FROM parent")); });
    } catch (const DbError&) {
      exclusive_failed = true;  // the old writer reported the failed COMMIT of the batch it sat in
    }
  });
  wait_for_queue(2);
  Status last = ok_status();
  std::thread b([&] {
    last = db.write([](Connection& c) -> Status {
      c.exec("INSERT INTO child VALUES (1, 999)");  // no such parent: the COMMIT of its batch fails
      return ok_status();
    });
  });
  wait_for_queue(3);
  release.set_value();
  for (auto* th : {&blocker, &a, &e, &b}) th->join();

  auto stored = [&](const std::string& table) {
    return db.read([&](Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM " + table)); });
  };
  EXPECT_EQ(first.ok(), stored("parent") == 1) << "the first write's answer disagrees with what is stored";
  EXPECT_EQ(last.ok(), stored("child") == 1) << "the last write's answer disagrees with what is stored";
  EXPECT_TRUE(first.ok());
  EXPECT_FALSE(last.ok());
  EXPECT_EQ(seen_by_exclusive, 1);  // ran after the write queued before it was committed
  EXPECT_FALSE(exclusive_failed);
}

TEST(Database, ExclusiveWorkRethrowsAndLeavesNoTransactionOpen) {
  TempDb t;
  {
    SqliteConnection c(t.path(), false);
    c.exec("CREATE TABLE t(id INTEGER PRIMARY KEY)");
  }
  SqliteDatabase db(t.path(), 1);
  EXPECT_THROW(db.exclusive([](SqliteConnection& c) {
    c.exec("BEGIN");
    c.exec("INSERT INTO t VALUES (1)");
    throw DbError(0, "on purpose");
  }),
               DbError);
  ASSERT_TRUE(db.write([](Connection& c) -> Status {
    c.exec("INSERT INTO t VALUES (2)");
    return ok_status();
  }).ok());
  EXPECT_EQ(db.read([](Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM t")); }), 1);
}

}  // namespace
}  // namespace rapport::db
