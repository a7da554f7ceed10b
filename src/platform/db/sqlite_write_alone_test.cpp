// Writes kept apart on SQLite's single writer (sqlite_database.hpp): a write_alone (an import's batch)
// never shares a transaction with the writes queued around it, and writes made under BackgroundWrites
// are counted apart from requests' writes.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "platform/db/sqlite_database.hpp"
#include "platform/test_temp_dir.hpp"

namespace rapport::db {
namespace {
namespace fs = std::filesystem;

using TempDb = TempDbFile;

// Holds the writer busy until released, so that the writes after it queue up in a known order.
class Gate {
 public:
  explicit Gate(SqliteDatabase& db) : db_(db) {
    thread_ = std::thread([this, f = release_.get_future().share()] {
      (void)db_.write([this, f](Connection&) -> Status {
        holding_ = true;
        f.wait();
        return ok_status();
      });
    });
    while (!holding_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void wait_for_queue(int64_t depth) {
    while (db_.stats().write_queue_depth < depth) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void open() {
    release_.set_value();
    thread_.join();
  }

 private:
  SqliteDatabase& db_;
  std::promise<void> release_;
  std::atomic<bool> holding_{false};
  std::thread thread_;
};

Status insert(Connection& c, const std::string& sql) {
  c.exec(sql);
  return ok_status();
}

TEST(WriteAlone, NeverSharesATransactionWithTheWritesAroundIt) {
  TempDb t;
  {
    SqliteConnection c(t.path(), false);
    c.exec("CREATE TABLE parent(id INTEGER PRIMARY KEY)");
    // Checked at COMMIT only: a write whose COMMIT fails fails every write of its transaction.
    c.exec("CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)");
  }
  SqliteDatabase db(t.path(), 1);
  const int64_t batches_before = db.stats().write_batches;
  Gate gate(db);
  Status before = Problem::internal(), alone = ok_status(), after = Problem::internal();
  std::thread a([&] { before = db.write([](Connection& c) { return insert(c, "INSERT INTO parent VALUES (1)"); }); });
  gate.wait_for_queue(1);
  std::thread b([&] { alone = db.write_alone([](Connection& c) { return insert(c, "INSERT INTO child VALUES (1, 999)"); }); });
  gate.wait_for_queue(2);
  std::thread d([&] { after = db.write([](Connection& c) { return insert(c, "INSERT INTO parent VALUES (2)"); }); });
  gate.wait_for_queue(3);
  gate.open();
  for (auto* th : {&a, &b, &d}) th->join();
  EXPECT_TRUE(before.ok()) << "the write queued before the lone one was committed in a transaction of its own";
  EXPECT_FALSE(alone.ok()) << "its COMMIT fails: no such parent";
  EXPECT_TRUE(after.ok()) << "the write queued after the lone one did not share its failed COMMIT";
  EXPECT_EQ(db.read([](Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM parent")); }), 2);
  EXPECT_EQ(db.read([](Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM child")); }), 0);
  EXPECT_EQ(db.stats().write_batches - batches_before, 4) << "the gate's, the one before, the lone one, the one after";
}

TEST(WriteAlone, BackgroundWritesAreCountedApartFromRequests) {
  TempDb t;
  {
    SqliteConnection c(t.path(), false);
    c.exec("CREATE TABLE t(id INTEGER PRIMARY KEY)");
  }
  SqliteDatabase db(t.path(), 1);
  ASSERT_TRUE(db.write([](Connection& c) { return insert(c, "INSERT INTO t VALUES (1)"); }).ok());
  EXPECT_EQ(db.request_writes().done, 1);
  Gate gate(db);
  std::thread background([&] {
    BackgroundWrites marked;
    EXPECT_TRUE(BackgroundWrites::active());
    EXPECT_TRUE(db.write([](Connection& c) { return insert(c, "INSERT INTO t VALUES (2)"); }).ok());
  });
  gate.wait_for_queue(1);
  EXPECT_EQ(db.request_writes().waiting, 0) << "only a background write waits";
  std::thread request([&] { EXPECT_TRUE(db.write([](Connection& c) { return insert(c, "INSERT INTO t VALUES (3)"); }).ok()); });
  gate.wait_for_queue(2);
  EXPECT_EQ(db.request_writes().waiting, 1);
  gate.open();
  background.join();
  request.join();
  EXPECT_FALSE(BackgroundWrites::active()) << "the mark belongs to the thread that made it";
  EXPECT_EQ(db.stats().write_jobs, 4);  // the first, the gate's, the background one, the request's
  EXPECT_EQ(db.request_writes().done, 3) << "all but the background one";
  EXPECT_EQ(db.request_writes().waiting, 0);
}

}  // namespace
}  // namespace rapport::db
