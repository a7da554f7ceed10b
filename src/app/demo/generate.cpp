#include "app/demo/generate.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "app/demo/columns.hpp"
#include "app/demo/rows.hpp"

namespace rapport::app::demo {
namespace {

// ---------------------------------------------------------------------------------------------------
// Pipeline: a second thread builds the next chunk of rows (names, ids, timestamps, text) while the
// calling thread inserts the current one, so SQLite's B-tree work is the only thing on the critical path.
//
// produce(chunk, first_index, count) fills a chunk; consume(chunk) inserts it. Chunks are
// produced strictly one after another (so one random generator serves them all, deterministically);
// producing chunk k+1 overlaps consuming chunk k. Small totals (one chunk) run on the calling thread.
template <class Produce, class Consume>
void pipeline(int64_t total, int64_t chunk_rows, int cols, Produce&& produce, Consume&& consume) {
  if (total <= 0) return;
  Chunk cur(cols), next(cols);
  int64_t begin = 0;
  produce(cur, begin, static_cast<std::size_t>(std::min(chunk_rows, total)));
  for (;;) {
    const int64_t after = begin + static_cast<int64_t>(cur.rows);
    std::future<void> ahead;
    if (after < total) {
      ahead = std::async(std::launch::async, [&, after] {
        produce(next, after, static_cast<std::size_t>(std::min(chunk_rows, total - after)));
      });
    }
    consume(cur);  // on a throw, ahead's destructor waits for the producer before unwinding
    if (!ahead.valid()) break;
    ahead.get();
    std::swap(cur, next);
    begin = after;
  }
}

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

// ---------------------------------------------------------------------------------------------------
// Transactions, batches and connection settings (used on the calling thread only).

class Session {
 public:
  Session(db::SqliteConnection& c, const std::string& ws, bool large) : c_(c), ws_(ws), large_(large) {
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
  }
  Session(const Session&) = delete;
  ~Session() {
    try {
      if (open_) c_.exec("ROLLBACK");
      open_ = false;
    } catch (...) {
    }
    try {
      finish();
    } catch (...) {
    }
  }

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
          "ON CONFLICT(workspace_id, object_type) DO UPDATE SET live = record_counts.live + excluded.live");
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
  void finish() {
    if (finished_) return;
    finished_ = true;
    stop_checkpointer();
    c_.exec("PRAGMA synchronous=" + std::to_string(synchronous_));
    c_.exec("PRAGMA cache_size=" + std::to_string(cache_size_));
    c_.exec("PRAGMA foreign_keys=" + std::to_string(foreign_keys_));
    c_.exec("PRAGMA wal_autocheckpoint=" + std::to_string(autocheckpoint_));
    c_.exec(large_ ? "PRAGMA wal_checkpoint(TRUNCATE)" : "PRAGMA wal_checkpoint(PASSIVE)");
  }

 private:
  int64_t pragma(const std::string& name) {
    db::Value v = c_.scalar("PRAGMA " + name);
    return std::holds_alternative<int64_t>(v) ? std::get<int64_t>(v) : 0;
  }

  // For big runs, a second connection checkpoints the WAL every 100 ms on another core, instead of
  // the inserting connection doing it inside its commits (copying WAL frames into the database file
  // is a good part of the I/O). Best effort: finish() checkpoints anyway. Not for in-memory databases.
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
  const bool large_;
  int64_t synchronous_ = 2, cache_size_ = -16000, foreign_keys_ = 1, autocheckpoint_ = 1000;
  bool open_ = false, finished_ = false;
  std::thread checkpointer_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  int64_t rows_ = 0;
  std::array<int64_t, 3> pending_{};
};

int64_t existing_rows(db::Connection& c, const std::string& table, const std::string& ws) {
  return std::get<int64_t>(c.scalar("SELECT count(*) FROM " + table + " WHERE workspace_id = ?", {ws}));
}

}  // namespace
}  // namespace rapport::app::demo

namespace rapport::app {

GenerateReport generate_data(db::SqliteConnection& c, const std::string& workspace_id, const std::string& owner_user_id,
                             const GenerateCounts& counts, uint64_t seed) {
  using namespace demo;
  const auto t0 = std::chrono::steady_clock::now();
  GenerateReport report;
  const int64_t n_companies = std::max<int64_t>(0, counts.companies);
  const int64_t n_contacts = std::max<int64_t>(0, counts.contacts);
  const int64_t n_activities = n_contacts > 0 ? std::max<int64_t>(0, counts.activities) : 0;

  if (std::holds_alternative<std::nullptr_t>(c.scalar("SELECT 1 FROM workspaces WHERE id = ?", {workspace_id})))
    throw std::invalid_argument("generate_data: no workspace " + workspace_id);

  // Numbering continues after what the workspace already holds, so a second run's domains and emails
  // do not collide with the first's.
  const int64_t company_base = existing_rows(c, "companies", workspace_id);
  const int64_t contact_base = existing_rows(c, "contacts", workspace_id);
  std::string owner_email = "owner@example.com";
  {
    db::Value v = c.scalar("SELECT email FROM users WHERE id = ?", {owner_user_id});
    if (auto* s = std::get_if<std::string>(&v); s && s->find('@') != std::string::npos) owner_email = *s;
  }
  Generator gen(workspace_id, owner_user_id, owner_email, seed, n_companies, n_contacts, n_activities, company_base,
                contact_base);

  // No audit_log or outbox rows: generated data is an import, not a sequence of user edits (and a
  // million webhook events would help nobody). record_counts is updated with every batch.
  Session session(c, workspace_id, n_companies + n_contacts + 3 * n_activities >= 100000);
  session.begin();
  std::string changed;

  auto& company_st = c.prepare(kInsertCompany);
  pipeline(
      n_companies, 8192, company_col::kCount,
      [&](Chunk& ch, int64_t begin, std::size_t n) { gen.produce_companies(ch, begin, n); },
      [&](Chunk& ch) {
        for (std::size_t k = 0; k < ch.rows; ++k) {
          if (insert_unique(company_st, ch.row(k), company_col::kCount, company_col::kDomain, ch.suffix_at[k], changed))
            gen.domain_override[static_cast<std::size_t>(ch.index[k])] = changed;
          ++report.companies;
          session.added(0, 1);
        }
      });

  auto& contact_st = c.prepare(kInsertContact);
  pipeline(
      n_contacts, 32768, contact_col::kCount,
      [&](Chunk& ch, int64_t begin, std::size_t n) { gen.produce_contacts(ch, begin, n); },
      [&](Chunk& ch) {
        for (std::size_t k = 0; k < ch.rows; ++k) {
          if (insert_unique(contact_st, ch.row(k), contact_col::kCount, contact_col::kEmail, ch.suffix_at[k], changed))
            gen.email_override[static_cast<std::size_t>(ch.index[k])] = changed;
          ++report.contacts;
          session.added(1, 1);
        }
      });

  auto& activity_st = c.prepare(kInsertActivity);
  auto& link_st = c.prepare(kInsertLink);
  const db::Value ws_value = workspace_id;
  const db::Value contacts_value = std::string("contacts"), companies_value = std::string("companies");
  pipeline(
      n_activities, 16384, activity_col::kChunkCols,
      [&](Chunk& ch, int64_t begin, std::size_t n) { gen.produce_activities(ch, begin, n); },
      [&](Chunk& ch) {
        using namespace activity_col;
        for (std::size_t k = 0; k < ch.rows; ++k) {
          db::Value* row = ch.row(k);
          bind_row(activity_st, row, kCount);
          activity_st.run();
          // The timeline links: the contact, and its company when it has one.
          int64_t rows = 1;
          for (std::size_t target : {kContactId, kCompanyId}) {
            if (std::holds_alternative<std::nullptr_t>(row[target])) continue;
            link_st.reset();
            link_st.bind(1, ws_value)
                .bind(2, row[kId])
                .bind(3, target == kContactId ? contacts_value : companies_value)
                .bind(4, row[target])
                .bind(5, row[kOccurred])
                .run();
            ++rows;
          }
          ++report.activities;
          session.added(2, rows);
        }
      });

  session.commit();
  session.finish();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace rapport::app
