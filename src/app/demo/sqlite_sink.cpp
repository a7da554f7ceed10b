// Generated rows into SQLite: one reused prepared statement per table, row by row on the calling thread
// (SQLite's B-tree work is the critical path), with the connection tuned for the run and restored.
#include <array>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <variant>

#include "app/demo/rows.hpp"
#include "app/demo/sink.hpp"

namespace rapport::app::demo {
namespace {

void bind_row(db::Statement& st, const db::Value* row, std::size_t n) {
  st.reset();
  for (std::size_t i = 0; i < n; ++i) st.bind(static_cast<int>(i + 1), row[i]);
}

// Inserts a row whose unique text column (domain, email) might collide with a row a user made: retries
// with "-2", "-3", ... inserted at suffix_at, then with NULL. Returns true when the column had to change
// (`changed` then holds the value used, empty for NULL).
bool insert_unique(db::Statement& st, db::Value* row, std::size_t ncols, std::size_t col, std::size_t suffix_at,
                   std::string& changed) {
  std::string original;
  for (int attempt = 1;; ++attempt) {
    try {
      bind_row(st, row, ncols);
      st.run();
      if (attempt == 1) return false;
      auto* s = std::get_if<std::string>(&row[col]);
      changed = s ? *s : std::string();
      return true;
    } catch (const db::ConstraintError&) {
      auto* s = std::get_if<std::string>(&row[col]);
      if (attempt == 1 && !s) throw;  // not this column's doing
      if (attempt >= 6) throw;
      if (attempt == 1) original = *s;
      if (attempt < 5) {
        std::string text = original;
        text.insert(std::min(suffix_at, text.size()), "-" + std::to_string(attempt + 1));
        set(row[col], text);
      } else {
        set_null(row[col]);
      }
    }
  }
}

class SqliteSink final : public Sink {
 public:
  SqliteSink(db::SqliteConnection& c, const std::string& ws, Generator& gen, GenerateReport& report, bool large)
      : c_(c), ws_(ws), gen_(gen), report_(report), large_(large) {
    synchronous_ = pragma("synchronous");
    cache_size_ = pragma("cache_size");
    foreign_keys_ = pragma("foreign_keys");
    autocheckpoint_ = pragma("wal_autocheckpoint");
    // WAL with synchronous=NORMAL stays consistent after a crash (only the last commits may be lost)
    // and skips an fsync per commit; a bigger page cache keeps the indexes' hot pages in memory.
    // Foreign keys hold by construction (the workspace is checked up front, every company_id and
    // activity_id points at a row inserted earlier), so their per-row lookups are skipped.
    c_.exec("PRAGMA synchronous=NORMAL");
    c_.exec("PRAGMA cache_size=-262144");  // 256 MB
    c_.exec("PRAGMA foreign_keys=OFF");
    if (large) start_checkpointer();
    try {
      begin();
    } catch (...) {
      restore();
      throw;
    }
  }
  SqliteSink(const SqliteSink&) = delete;
  ~SqliteSink() override {
    try {
      if (open_) c_.exec("ROLLBACK");
      open_ = false;
    } catch (...) {
    }
    try {
      restore();
    } catch (...) {
    }
  }

  void companies(Chunk& ch) override {
    auto& st = c_.prepare(kInsertCompany);
    for (std::size_t k = 0; k < ch.rows; ++k) {
      if (insert_unique(st, ch.row(k), company_col::kCount, company_col::kDomain, ch.suffix_at[k], changed_))
        gen_.domain_override[static_cast<std::size_t>(ch.index[k])] = changed_;
      ++report_.companies;
      added(0, 1);
    }
  }

  void contacts(Chunk& ch) override {
    auto& st = c_.prepare(kInsertContact);
    for (std::size_t k = 0; k < ch.rows; ++k) {
      if (insert_unique(st, ch.row(k), contact_col::kCount, contact_col::kEmail, ch.suffix_at[k], changed_))
        gen_.email_override[static_cast<std::size_t>(ch.index[k])] = changed_;
      ++report_.contacts;
      added(1, 1);
    }
  }

  void activities(Chunk& ch) override {
    using namespace activity_col;
    auto& activity_st = c_.prepare(kInsertActivity);
    auto& link_st = c_.prepare(kInsertLink);
    for (std::size_t k = 0; k < ch.rows; ++k) {
      db::Value* row = ch.row(k);
      bind_row(activity_st, row, kCount);
      activity_st.run();
      // The timeline links: the contact, and its company when it has one.
      int64_t rows = 1;
      for (std::size_t target : {kContactId, kCompanyId}) {
        if (std::holds_alternative<std::nullptr_t>(row[target])) continue;
        link_st.reset();
        link_st.bind(1, ws_value_)
            .bind(2, row[kId])
            .bind(3, target == kContactId ? contacts_value_ : companies_value_)
            .bind(4, row[target])
            .bind(5, row[kOccurred])
            .run();
        ++rows;
      }
      ++report_.activities;
      added(2, rows);
    }
  }

  void end_phase() override {}  // every row is inserted when its chunk is consumed

  void finish() override {
    commit();
    restore();
  }

 private:
  void begin() {
    c_.exec("BEGIN IMMEDIATE");
    open_ = true;
  }
  // Counts one inserted record of `kind` (0 companies, 1 contacts, 2 activities) that took `rows` rows
  // (an activity and its links), and commits when the batch is full.
  void added(int kind, int64_t rows) {
    pending_[static_cast<std::size_t>(kind)] += 1;
    rows_ += rows;
    if (rows_ >= kBatchRows) {
      commit();
      begin();
    }
  }
  void commit() {
    static constexpr std::array<const char*, 3> kTypes = {"companies", "contacts", "activities"};
    for (std::size_t k = 0; k < kTypes.size(); ++k) {
      if (!pending_[k]) continue;
      auto& st = c_.prepare(
          "INSERT INTO record_counts(workspace_id, object_type, live) VALUES (?, ?, ?) "
          "ON CONFLICT(workspace_id, object_type, slot) DO UPDATE SET live = record_counts.live + excluded.live");
      st.bind_all({ws_, std::string(kTypes[k]), pending_[k]}).run();
      pending_[k] = 0;
    }
    c_.exec("COMMIT");
    open_ = false;
    rows_ = 0;
  }
  // Restores the connection's settings and checkpoints the WAL. After a big import, TRUNCATE leaves no
  // big WAL file behind (it may wait up to the busy timeout for readers, and is partial if they stay);
  // after a small one a PASSIVE checkpoint, which never waits, is enough.
  void restore() {
    if (restored_) return;
    restored_ = true;
    stop_checkpointer();
    c_.exec("PRAGMA synchronous=" + std::to_string(synchronous_));
    c_.exec("PRAGMA cache_size=" + std::to_string(cache_size_));
    c_.exec("PRAGMA foreign_keys=" + std::to_string(foreign_keys_));
    c_.exec("PRAGMA wal_autocheckpoint=" + std::to_string(autocheckpoint_));
    c_.exec(large_ ? "PRAGMA wal_checkpoint(TRUNCATE)" : "PRAGMA wal_checkpoint(PASSIVE)");
  }

  int64_t pragma(const std::string& name) {
    db::Value v = c_.scalar("PRAGMA " + name);
    return std::holds_alternative<int64_t>(v) ? std::get<int64_t>(v) : 0;
  }

  // For big runs, a second connection checkpoints the WAL every 100 ms on another core, instead of
  // the inserting connection doing it inside its commits (copying WAL frames into the database file
  // is a good part of the I/O). Best effort: restore() checkpoints anyway. Not for in-memory databases.
  void start_checkpointer() {
    const char* file = sqlite3_db_filename(c_.handle(), "main");
    if (!file || !*file) return;
    std::string path = file;
    c_.exec("PRAGMA wal_autocheckpoint=0");
    checkpointer_ = std::thread([this, path] {
      try {
        db::SqliteConnection cc(path, false);
        cc.exec("PRAGMA synchronous=NORMAL");
        std::unique_lock lock(mu_);
        while (!stop_) {
          cv_.wait_for(lock, std::chrono::milliseconds(100));
          if (stop_) break;
          lock.unlock();
          cc.exec("PRAGMA wal_checkpoint(PASSIVE)");
          lock.lock();
        }
      } catch (...) {
      }
    });
  }
  void stop_checkpointer() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (checkpointer_.joinable()) checkpointer_.join();
  }

  static constexpr int64_t kBatchRows = 50000;
  db::SqliteConnection& c_;
  const std::string& ws_;
  Generator& gen_;
  GenerateReport& report_;
  const bool large_;
  const db::Value ws_value_ = ws_;
  const db::Value contacts_value_ = std::string("contacts"), companies_value_ = std::string("companies");
  std::string changed_;
  int64_t synchronous_ = 2, cache_size_ = -16000, foreign_keys_ = 1, autocheckpoint_ = 1000;
  bool open_ = false, restored_ = false;
  std::thread checkpointer_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  int64_t rows_ = 0;
  std::array<int64_t, 3> pending_{};
};

}  // namespace

std::unique_ptr<Sink> make_sqlite_sink(db::SqliteConnection& c, const std::string& ws, Generator& gen,
                                       GenerateReport& report, bool large) {
  return std::make_unique<SqliteSink>(c, ws, gen, report, large);
}

}  // namespace rapport::app::demo
