// SQLite's storage failing under the database layer (SqliteFaultVfs): failed writes, fsyncs and
// reads at chosen points of writes (batched and alone), reads and migrations. Every failed request
// is told so (503, db::Unavailable), every acknowledged write is there once the fault clears and
// after a reopen, the file checks clean, and the same objects work again without a restart.
#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "platform/db/migrations.hpp"
#include "platform/db/sqlite_database.hpp"
#include "platform/db/sqlite_fault_vfs.hpp"
#include "platform/db/unavailable.hpp"
#include "platform/test_temp_dir.hpp"

namespace rapport::db {
namespace {
namespace fs = std::filesystem;


std::string integrity(const std::string& path) {
  SqliteConnection c(path, true);
  return std::get<std::string>(c.scalar("PRAGMA integrity_check"));
}

std::set<int64_t> ids_in(const std::string& path) {
  SqliteConnection c(path, true);
  std::set<int64_t> ids;
  auto& st = c.prepare("SELECT id FROM t");
  while (st.step()) ids.insert(st.int64(0));
  return ids;
}

// One insert per write; the acknowledged ids are kept.
struct Writes {
  SqliteDatabase& db;
  std::mutex mu;
  std::set<int64_t> acknowledged;
  int unavailable = 0, full = 0, other = 0;
  int64_t next = 0;

  void one() {
    int64_t id = 0;
    {
      std::lock_guard lock(mu);
      id = ++next;
    }
    Status st = db.write([&](Connection& c) -> Status {
      c.prepare("INSERT INTO t(id, v) VALUES (?, ?)").bind_all({id, std::string(300, 'x')}).run();
      return ok_status();
    });
    std::lock_guard lock(mu);
    if (st) {
      acknowledged.insert(id);
    } else if (st.problem().status == 503) {
      ++unavailable;
    } else if (st.problem().status == 507) {
      ++full;
    } else {
      ++other;
    }
  }
  // `threads` writers at once, so that the writes share group commits.
  void concurrent(int threads, int each) {
    std::vector<std::thread> ts;
    for (int i = 0; i < threads; ++i)
      ts.emplace_back([&] {
        for (int k = 0; k < each; ++k) one();
      });
    for (auto& t : ts) t.join();
  }
};

void make_table(SqliteDatabase& db) {
  db.exclusive([](SqliteConnection& c) { c.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)"); });
}

// For each kind of call and each point of failure (the how-manieth call from now): writes while the
// storage fails answer 503 and nothing else; once it heals, the same database writes again; every
// acknowledged write is in the file, which checks clean.
TEST(SqliteFaults, FailedWritesAndFsyncsAnswer503AndLoseNothingAcknowledged) {
  TempDir t("rapport-faults");
  SqliteFaultVfs faults;
  std::string path = t.file("t.db");
  std::set<int64_t> acknowledged;
  int unavailable = 0;
  {
    SqliteDatabase db(path, 2);
    make_table(db);
    Writes w{db};
    for (FaultCall kind : {FaultCall::Write, FaultCall::Sync}) {
      for (int64_t pass : {0, 1, 2, 3, 5, 8, 13}) {
        faults.fail(kind, pass);
        w.concurrent(4, 3);
        faults.clear();
        int before = static_cast<int>(w.acknowledged.size());
        w.one();  // the storage is healthy again: the next write succeeds without a restart
        EXPECT_EQ(static_cast<int>(w.acknowledged.size()), before + 1) << "pass " << pass;
      }
      // Single failures (the next call only) among writes alone and in batches.
      for (int64_t pass : {0, 1, 2, 4}) {
        faults.fail(kind, pass, 1);
        w.one();
        w.concurrent(4, 2);
        faults.clear();
      }
    }
    EXPECT_GT(faults.failed(FaultCall::Write), 0);
    EXPECT_GT(faults.failed(FaultCall::Sync), 0);
    EXPECT_EQ(w.other, 0) << "a storage failure is a 503, never another answer";
    EXPECT_GT(w.unavailable, 0);
    unavailable = w.unavailable;
    acknowledged = w.acknowledged;
    // Read back through the same database (its readers) before closing it.
    int64_t n = db.read([](Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM t")); });
    EXPECT_GE(n, static_cast<int64_t>(acknowledged.size()));
  }
  // Reopened (as after a restart): every acknowledged write is there.
  std::set<int64_t> present = ids_in(path);
  for (int64_t id : acknowledged) EXPECT_TRUE(present.count(id)) << "acknowledged write " << id << " lost";
  EXPECT_EQ(integrity(path), "ok");
  std::cout << "  [faults] " << acknowledged.size() << " writes acknowledged, " << unavailable << " answered 503, "
            << present.size() - acknowledged.size() << " unacknowledged present (in doubt)\n";
}

// A disk full at one write among batched writes: 507 (or 503) for the writes it stopped, nothing
// acknowledged lost, and the next writes succeed once space is back.
TEST(SqliteFaults, AFullDiskMidLoadAnswers507AndLosesNothingAcknowledged) {
  TempDir t("rapport-faults");
  SqliteFaultVfs faults;
  std::string path = t.file("t.db");
  std::set<int64_t> acknowledged;
  {
    SqliteDatabase db(path, 2);
    make_table(db);
    Writes w{db};
    w.concurrent(4, 20);
    for (int64_t pass : {0, 1, 3, 7}) {
      faults.fail(FaultCall::Write, pass, 1, SQLITE_FULL);  // what the unix VFS answers for ENOSPC
      w.concurrent(6, 2);
      faults.clear();
    }
    int before = static_cast<int>(w.acknowledged.size());
    w.one();
    EXPECT_EQ(static_cast<int>(w.acknowledged.size()), before + 1);
    EXPECT_GT(w.full, 0);
    EXPECT_EQ(w.other, 0);
    acknowledged = w.acknowledged;
  }
  std::set<int64_t> present = ids_in(path);
  for (int64_t id : acknowledged) EXPECT_TRUE(present.count(id)) << "acknowledged write " << id << " lost";
  EXPECT_EQ(integrity(path), "ok");
}

// When SQLite ends the transaction itself in the middle of a batch (it does on SQLITE_FULL and some
// I/O errors; here the job ends it as SQLite would), the writes before it in the batch are undone
// with it and the ones after it must not run outside a transaction: all are answered 503 and none
// is in the file. The writer then goes on.
TEST(SqliteFaults, ABatchTheDatabaseUndidIsAnsweredAsNotWritten) {
  TempDir t("rapport-faults");
  std::string path = t.file("t.db");
  SqliteDatabase db(path, 1);
  make_table(db);
  auto insert = [](int64_t id) {
    return [id](Connection& c) -> Status {
      c.prepare("INSERT INTO t(id, v) VALUES (?, 'v')").bind_all({id}).run();
      return ok_status();
    };
  };
  std::promise<void> running, release;
  auto held = release.get_future().share();
  // The writer is busy with the first write while the next three queue up, in order: they form one
  // batch.
  auto queued = [&](int64_t n) {
    while (db.stats().write_queue_depth < n) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  };
  std::thread first([&] {
    (void)db.write([&](Connection& c) {
      running.set_value();
      held.wait();
      return insert(1)(c);
    });
  });
  running.get_future().wait();
  std::vector<Status> answers(3, ok_status());
  std::thread a([&] { answers[0] = db.write(insert(2)); });
  queued(1);
  std::thread b([&] {
    answers[1] = db.write([](Connection& c) -> Status {
      c.prepare("INSERT INTO t(id, v) VALUES (3, 'v')").run();
      c.exec("ROLLBACK");  // as SQLite does after SQLITE_FULL
      throw Unavailable(SQLITE_IOERR, "the storage failed");
    });
  });
  queued(2);
  std::thread d([&] { answers[2] = db.write(insert(4)); });
  queued(3);
  release.set_value();
  for (auto* th : {&first, &a, &b, &d}) th->join();
  for (const auto& st : answers) {
    ASSERT_FALSE(st);
    EXPECT_EQ(st.problem().status, 503);
  }
  EXPECT_TRUE(db.write(insert(5)));
  std::set<int64_t> present = db.read([](Connection& c) {
    std::set<int64_t> ids;
    auto& st = c.prepare("SELECT id FROM t");
    while (st.step()) ids.insert(st.int64(0));
    return ids;
  });
  EXPECT_EQ(present, (std::set<int64_t>{1, 5}));
}

// A read whose pages cannot be read throws db::Unavailable (the HTTP layer's 503); the next read,
// once the storage heals, succeeds on the same reader.
TEST(SqliteFaults, AFailedReadIsUnavailableAndTheNextSucceeds) {
  TempDir t("rapport-faults");
  SqliteFaultVfs faults;
  SqliteDatabase db(t.file("t.db"), 1);
  make_table(db);
  auto count = [&] { return db.read([](Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM t")); }); };
  EXPECT_EQ(count(), 0);  // the reader is open
  Writes w{db};
  w.concurrent(2, 20);  // the reader's cache is stale: the next read reads the file
  faults.fail(FaultCall::Read, 0);
  EXPECT_THROW(count(), Unavailable);
  EXPECT_THROW(count(), Unavailable) << "the reader's transaction ended: the next read tries again";
  faults.clear();
  EXPECT_EQ(count(), static_cast<int64_t>(w.acknowledged.size()));
  // A write's own reads failing: 503, and the writer goes on afterwards.
  faults.fail(FaultCall::Read, 0);
  Status st = db.write([](Connection& c) -> Status {
    (void)c.scalar("SELECT count(*) FROM t WHERE v = 'y'");
    c.exec("INSERT INTO t(id, v) VALUES (100000, 'y')");
    return ok_status();
  });
  faults.clear();
  if (!st) {
    EXPECT_EQ(st.problem().status, 503);  // the writer's cache may have held every page: then it succeeded
  }
  w.one();
  EXPECT_EQ(w.other, 0);
}

// The real migrations, the storage failing at a point of their writes: the runner reports the I/O
// error (not a secondary "no transaction is active"), the database keeps the migrations committed
// before it, and running them again once the storage heals completes the schema, which checks clean.
TEST(SqliteFaults, AMigrationInterruptedByTheStorageCompletesOnTheNextRun) {
  const int newest = embedded_migrations().back().version;
  for (FaultCall kind : {FaultCall::Write, FaultCall::Sync}) {
    for (int64_t pass : {0, 10, 40}) {
      TempDir t("rapport-faults");
      SqliteFaultVfs faults;
      std::string path = t.file("t.db");
      {
        SqliteConnection c(path, false);
        faults.fail(kind, pass);
        EXPECT_THROW(migrate(c), Unavailable) << "pass " << pass;
        faults.clear();
        auto report = migrate(c);
        EXPECT_EQ(report.to_version, newest);
        EXPECT_FALSE(report.applied.empty()) << "pass " << pass;
      }
      EXPECT_EQ(integrity(path), "ok");
    }
  }
}

}  // namespace
}  // namespace rapport::db
