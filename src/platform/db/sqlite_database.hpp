// SQLite behind db::Database: reads borrow one of a few read-only connections; writes go to a single
// writer thread that runs concurrent requests' transactions together (group commit): one BEGIN
// IMMEDIATE, a SAVEPOINT per request so one failing request rolls back alone, one COMMIT, whose
// fsync (synchronous=FULL) happens before any of them is acknowledged.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

#include "platform/db/database.hpp"
#include "platform/db/sqlite.hpp"
#include "platform/db/write_classes.hpp"

namespace rapport::db {

class SqliteDatabase final : public Database {
 public:
  // readers: read-only connections, each with a page cache of reader_cache_kib.
  SqliteDatabase(std::string path, int readers, int reader_cache_kib = kReaderCacheKiB);
  ~SqliteDatabase() override;

  Status write(WriteFn fn) override;
  // write_classes.hpp: a write in a transaction of its own, and the requests' writes.
  Status write_alone(WriteFn fn);
  RequestWrites request_writes();
  // Runs fn alone on the writer connection, outside any transaction (fn manages its own): the
  // writer first commits and acknowledges the batch under way, then runs fn between two batches
  // (first start, demo data, the WAL checkpoint after an erasure). Rethrows what fn throws.
  void exclusive(const std::function<void(SqliteConnection&)>& fn);
  void shutdown() override;
  PoolStats stats() override;
  const std::string& path() const { return path_; }

 protected:
  // fn runs on a read-only connection inside one read transaction.
  void run_read(const std::function<void(Connection&)>& fn) override {
    Lease lease(*this);
    Connection& c = *lease.conn;
    c.prepare("BEGIN").run();
    struct End {
      Connection& c;
      ~End() {
        try {
          c.reset_used();
          c.prepare("COMMIT").run();
        } catch (const std::exception& e) {
          // Cannot throw from here; the connection is reset so the next reader gets a fresh snapshot.
          spdlog::error("ending a read transaction failed: {}", e.what());
          try {
            c.exec("ROLLBACK");
          } catch (...) {
          }
        }
      }
    } end{c};
    fn(c);
  }

 private:
  // A write to run in a batch (fn), a write in a transaction of its own (fn, alone), or exclusive
  // work outside any transaction (solo). background: made under BackgroundWrites.
  struct Job {
    WriteFn fn;
    std::function<void(SqliteConnection&)> solo;
    std::promise<Status> done;
    bool alone = false;
    bool background = false;
  };
  struct Lease {
    explicit Lease(SqliteDatabase& d);
    ~Lease();
    SqliteDatabase& db;
    SqliteConnection* conn;
  };
  void writer_loop();
  Status enqueue(Job job);
  // The next jobs to run: either writes up to the first exclusive job, or that exclusive job alone.
  std::vector<Job> take_batch();
  void run_batch(std::vector<Job>& batch);
  void run_solo(Job& job);
  void open_readers();

  std::string path_;
  int reader_count_;
  int reader_cache_kib_;
  std::unique_ptr<SqliteConnection> writer_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
  std::vector<SqliteConnection*> free_readers_;
  std::mutex rmu_;
  std::condition_variable rcv_;

  std::mutex wmu_;
  std::condition_variable wcv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  int64_t batches_ = 0, jobs_ = 0, background_jobs_ = 0;
  std::thread writer_thread_;
};

}  // namespace rapport::db
