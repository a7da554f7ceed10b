// The database as the rest of Rapport sees it: reads borrow one of a few read-only connections;
// writes go to a single writer thread that runs concurrent requests' transactions together
// (group commit): one BEGIN IMMEDIATE, a SAVEPOINT per request so one failing request rolls back
// alone, one COMMIT, whose fsync (synchronous=FULL) happens before any of them is acknowledged.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

#include "platform/db/sqlite.hpp"
#include "platform/problem.hpp"

namespace rapport::db {

struct PoolStats {
  int readers_total = 0;
  int readers_in_use = 0;
  int64_t write_queue_depth = 0;
  int64_t write_batches = 0;
  int64_t write_jobs = 0;
};

class Database {
 public:
  using WriteFn = std::function<Status(Connection&)>;

  Database(std::string path, int readers);
  ~Database();

  // Runs fn on a read-only connection (a consistent snapshot for the duration of fn).
  template <class F>
  auto read(F&& fn) -> decltype(fn(std::declval<Connection&>())) {
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
    return fn(c);
  }

  // Runs fn inside the writer's current transaction and returns once it is durably committed.
  // A Problem returned by fn (or thrown DbError) rolls back fn's changes only.
  Status write(WriteFn fn);

  // Runs fn on the writer connection outside group commit (migrations, bulk generation).
  void exclusive(const std::function<void(SqliteConnection&)>& fn);

  // Stops accepting writes, finishes those queued, joins the writer thread.
  void shutdown();
  PoolStats stats();
  const std::string& path() const { return path_; }

 private:
  struct Job {
    WriteFn fn;
    std::promise<Status> done;
  };
  struct Lease {
    explicit Lease(Database& d);
    ~Lease();
    Database& db;
    SqliteConnection* conn;
  };
  void writer_loop();
  void open_readers();

  std::string path_;
  int reader_count_;
  std::unique_ptr<SqliteConnection> writer_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
  std::vector<SqliteConnection*> free_readers_;
  std::mutex rmu_;
  std::condition_variable rcv_;

  std::mutex wmu_;
  std::condition_variable wcv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  int64_t batches_ = 0, jobs_ = 0;
  std::thread writer_thread_;
};

}  // namespace rapport::db
