#include "platform/db/sqlite_database.hpp"

#include <spdlog/spdlog.h>

namespace rapport::db {

SqliteDatabase::SqliteDatabase(std::string path, int readers) : path_(std::move(path)), reader_count_(readers) {
  writer_ = std::make_unique<SqliteConnection>(path_, false);
  writer_thread_ = std::thread([this] { writer_loop(); });
}

SqliteDatabase::~SqliteDatabase() { shutdown(); }

void SqliteDatabase::open_readers() {
  // Opened lazily, after migrations created the file's schema.
  if (!readers_.empty()) return;
  for (int i = 0; i < reader_count_; ++i) {
    readers_.push_back(std::make_unique<SqliteConnection>(path_, true));
    free_readers_.push_back(readers_.back().get());
  }
}

SqliteDatabase::Lease::Lease(SqliteDatabase& d) : db(d) {
  std::unique_lock lock(d.rmu_);
  d.open_readers();
  d.rcv_.wait(lock, [&] { return !d.free_readers_.empty(); });
  conn = d.free_readers_.back();
  d.free_readers_.pop_back();
  lock.unlock();
  conn->trim_cache(256);
}

SqliteDatabase::Lease::~Lease() {
  {
    std::lock_guard lock(db.rmu_);
    db.free_readers_.push_back(conn);
  }
  db.rcv_.notify_one();
}

Status SqliteDatabase::write(WriteFn fn) {
  std::future<Status> f;
  {
    std::lock_guard lock(wmu_);
    if (stopping_) return Problem::unavailable("The server is shutting down");
    queue_.push_back(Job{std::move(fn), {}});
    f = queue_.back().done.get_future();
  }
  wcv_.notify_one();
  return f.get();
}

void SqliteDatabase::exclusive(const std::function<void(SqliteConnection&)>& fn) {
  // Runs as a job of its own so that it never interleaves with group-committed work.
  std::exception_ptr error;
  auto st = write([&](Connection& c) -> Status {
    try {
      c.exec("RELEASE rapport_job");  // leave the savepoint: fn manages its own transactions
      c.exec("COMMIT");
      fn(*writer_);  // the connection this job runs on
    } catch (...) {
      error = std::current_exception();
    }
    c.exec("BEGIN IMMEDIATE");
    c.exec("SAVEPOINT rapport_job");
    return ok_status();
  });
  if (error) std::rethrow_exception(error);
  if (!st) throw DbError(0, st.problem().detail);
}

void SqliteDatabase::writer_loop() {
  constexpr std::size_t kMaxBatch = 512;
  for (;;) {
    std::vector<Job> batch;
    {
      std::unique_lock lock(wmu_);
      wcv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<Status> results;
    results.reserve(batch.size());
    bool committed = false;
    try {
      writer_->exec("BEGIN IMMEDIATE");
      for (auto& job : batch) {
        writer_->prepare("SAVEPOINT rapport_job").run();
        Status st = Problem::internal();
        try {
          st = job.fn(*writer_);
        } catch (const std::exception& e) {
          spdlog::error("write failed: {}", e.what());
          st = Problem::internal();
        }
        writer_->reset_used();
        if (!st) writer_->exec("ROLLBACK TO rapport_job");
        writer_->prepare("RELEASE rapport_job").run();
        results.push_back(std::move(st));
      }
      writer_->exec("COMMIT");
      committed = true;
    } catch (const std::exception& e) {
      spdlog::error("write batch of {} failed: {}", batch.size(), e.what());
      try {
        writer_->exec("ROLLBACK");
      } catch (...) {
      }
    }
    {
      std::lock_guard lock(wmu_);
      ++batches_;
      jobs_ += static_cast<int64_t>(batch.size());
    }
    if (committed) notify_committed();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (committed) {
        batch[i].done.set_value(std::move(results[i]));
      } else {
        batch[i].done.set_value(Problem::unavailable("The database could not commit the change; nothing was written"));
      }
    }
  }
}

void SqliteDatabase::shutdown() {
  {
    std::lock_guard lock(wmu_);
    if (stopping_ && !writer_thread_.joinable()) return;
    stopping_ = true;
  }
  wcv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
}

PoolStats SqliteDatabase::stats() {
  PoolStats s;
  {
    std::lock_guard lock(rmu_);
    s.readers_total = static_cast<int>(readers_.size());
    s.readers_in_use = static_cast<int>(readers_.size() - free_readers_.size());
  }
  std::lock_guard lock(wmu_);
  s.write_queue_depth = static_cast<int64_t>(queue_.size());
  s.write_batches = batches_;
  s.write_jobs = jobs_;
  return s;
}

}  // namespace rapport::db
