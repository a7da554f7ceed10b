#include "platform/db/sqlite_database.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "platform/db/unavailable.hpp"

namespace rapport::db {

namespace {
// The answer to a write the storage failed (an I/O error, or the transaction undone by SQLite).
constexpr const char* kNothingWritten = "The database could not write the change; nothing was written. Retry shortly";
}  // namespace

SqliteDatabase::SqliteDatabase(std::string path, int readers, int reader_cache_kib)
    : path_(std::move(path)), reader_count_(readers), reader_cache_kib_(reader_cache_kib) {
  writer_ = std::make_unique<SqliteConnection>(path_, false);
  writer_thread_ = std::thread([this] { writer_loop(); });
}

SqliteDatabase::~SqliteDatabase() { shutdown(); }

void SqliteDatabase::open_readers() {
  // Opened lazily, after migrations created the file's schema.
  if (!readers_.empty()) return;
  for (int i = 0; i < reader_count_; ++i) {
    readers_.push_back(std::make_unique<SqliteConnection>(path_, true, reader_cache_kib_));
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

Status SqliteDatabase::write(WriteFn fn) { return enqueue(Job{std::move(fn), {}, {}}); }

Status SqliteDatabase::write_alone(WriteFn fn) {
  Job job{std::move(fn), {}, {}};
  job.alone = true;
  return enqueue(std::move(job));
}

void SqliteDatabase::exclusive(const std::function<void(SqliteConnection&)>& fn) {
  auto st = enqueue(Job{{}, fn, {}});  // rethrows what fn threw
  if (!st) throw DbError(0, st.problem().detail);
}

Status SqliteDatabase::enqueue(Job job) {
  std::future<Status> f;
  {
    std::lock_guard lock(wmu_);
    if (stopping_) return Problem::unavailable("The server is shutting down");
    job.background = BackgroundWrites::active();
    queue_.push_back(std::move(job));
    f = queue_.back().done.get_future();
  }
  wcv_.notify_one();
  return f.get();
}

std::vector<SqliteDatabase::Job> SqliteDatabase::take_batch() {
  constexpr std::size_t kMaxBatch = 512;
  std::vector<Job> batch;
  std::unique_lock lock(wmu_);
  wcv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
  while (!queue_.empty() && batch.size() < kMaxBatch) {
    // Exclusive work and a write alone never join a batch: they wait for the writes queued before
    // them to be committed and acknowledged, and run alone.
    const bool apart = queue_.front().solo || queue_.front().alone;
    if (apart && !batch.empty()) break;
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
    if (apart) break;
  }
  return batch;
}

void SqliteDatabase::writer_loop() {
  for (;;) {
    std::vector<Job> batch = take_batch();
    if (batch.empty()) return;  // stopping, and the queue is drained
    if (batch.front().solo) {
      run_solo(batch.front());
    } else {
      run_batch(batch);
    }
  }
}

void SqliteDatabase::run_solo(Job& job) {
  try {
    job.solo(*writer_);
    writer_->reset_used();
    job.done.set_value(ok_status());
  } catch (...) {
    writer_->reset_used();
    job.done.set_exception(std::current_exception());
  }
  if (sqlite3_get_autocommit(writer_->handle()) == 0) {
    spdlog::error("exclusive work left a transaction open; rolling it back");
    try {
      writer_->exec("ROLLBACK");
    } catch (...) {
    }
  }
  {
    std::lock_guard lock(wmu_);
    ++jobs_;
  }
  notify_committed();
}

void SqliteDatabase::run_batch(std::vector<Job>& batch) {
  std::vector<Status> results;
  results.reserve(batch.size());
  bool ended = false;  // committed, or (a failed write alone) rolled back as asked
  bool full = false;   // the batch failed for a full storage
  bool undone = false; // SQLite ended the transaction itself: every job of the batch is undone
  // A write alone in its batch needs no savepoint: the transaction is its own, rolled back whole
  // when it fails. The savepoint is not free: while one is open, SQLite copies every page a
  // statement changes into the in-memory statement journal, which grows with the job's writes
  // and which it walks from its start as each write statement ends (a large job, an import's
  // batch, spent a tenth of its CPU there: docs/benchmarks.md, session 22).
  const bool alone = batch.size() == 1;
  try {
    writer_->exec("BEGIN IMMEDIATE");
    for (auto& job : batch) {
      if (!alone) writer_->prepare("SAVEPOINT rapport_job").run();
      Status st = Problem::internal();
      try {
        st = job.fn(*writer_);
      } catch (const StorageFull& e) {
        spdlog::error("write refused, the database's storage is full: {}", e.what());
        st = Problem::insufficient_storage();
        full = true;  // SQLite may have rolled the whole transaction back for it: the others answer 507 too
      } catch (const Unavailable& e) {
        spdlog::error("write not done, the database's storage failed: {}", e.what());
        st = Problem::unavailable(kNothingWritten);
      } catch (const std::exception& e) {
        spdlog::error("write failed: {}", e.what());
        st = Problem::internal();
      }
      writer_->reset_used();
      // On SQLITE_FULL and on some I/O errors SQLite rolls the whole transaction back. Going on would
      // run the next jobs outside any transaction (each SAVEPOINT its own), and the COMMIT would then
      // find none: the batch ends here and every job of it, those before this one too, is answered
      // as not written.
      if (!st && sqlite3_get_autocommit(writer_->handle()) != 0) {
        undone = true;
        break;
      }
      if (!alone) {
        if (!st) writer_->exec("ROLLBACK TO rapport_job");
        writer_->prepare("RELEASE rapport_job").run();
      }
      results.push_back(std::move(st));
    }
    if (undone) {
      spdlog::error("write batch of {} undone by the database after a failed write", batch.size());
    } else if (alone && !results.front()) {
      // Nothing of the failed write is kept; its own answer is given. A full storage may have ended
      // the transaction already (SQLite rolls back on SQLITE_FULL): there is then nothing to roll back.
      try {
        writer_->exec("ROLLBACK");
      } catch (const DbError&) {
        if (!full) throw;
      }
    } else {
      writer_->exec("COMMIT");
    }
    ended = !undone;
  } catch (const std::exception& e) {
    full = full || dynamic_cast<const StorageFull*>(&e) != nullptr;
    spdlog::error("write batch of {} failed: {}", batch.size(), e.what());
    writer_->reset_used();
    try {
      writer_->exec("ROLLBACK");
    } catch (...) {
    }
  }
  {
    std::lock_guard lock(wmu_);
    ++batches_;
    jobs_ += static_cast<int64_t>(batch.size());
    for (const auto& job : batch) background_jobs_ += job.background ? 1 : 0;
  }
  if (ended) notify_committed();
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (ended) {
      batch[i].done.set_value(std::move(results[i]));
    } else if (full) {  // the storage filled up at the commit (or SQLite rolled the batch back for it)
      batch[i].done.set_value(Problem::insufficient_storage());
    } else {
      batch[i].done.set_value(Problem::unavailable(kNothingWritten));
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

RequestWrites SqliteDatabase::request_writes() {
  std::lock_guard lock(wmu_);
  return {.done = jobs_ - background_jobs_,
          .waiting = std::count_if(queue_.begin(), queue_.end(), [](const Job& j) { return !j.background; })};
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
