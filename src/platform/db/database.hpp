// The database as the rest of Rapport sees it, whichever engine holds the data: reads run fn on a
// connection inside a read transaction (one consistent snapshot); writes run fn inside a
// transaction and return once it is durably committed. A Problem returned by fn (or a DbError it
// throws) rolls its changes back. Implementations: SqliteDatabase (single writer, group commit) and
// PgDatabase (a pool, one transaction per write).
#pragma once
#include <functional>
#include <optional>
#include <type_traits>

#include "platform/db/connection.hpp"
#include "platform/problem.hpp"

namespace rapport::db {

struct PoolStats {
  int readers_total = 0;
  int readers_in_use = 0;
  int64_t write_queue_depth = 0;
  int64_t write_batches = 0;
  int64_t write_jobs = 0;
  // PostgreSQL: requests that found every pool connection busy, and their total wait in seconds.
  int64_t pool_waits = 0;
  double pool_wait_seconds = 0;
};

class Database {
 public:
  using WriteFn = std::function<Status(Connection&)>;
  virtual ~Database() = default;

  template <class F>
  auto read(F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    return run_with([this](const auto& g) { run_read(g); }, std::forward<F>(fn));
  }
  // A read that runs exactly one statement, which is its own snapshot: engines that would wrap a
  // read in a transaction (PostgreSQL: BEGIN and COMMIT, two more round trips) leave it out.
  template <class F>
  auto read_statement(F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    return run_with([this](const auto& g) { run_read_statement(g); }, std::forward<F>(fn));
  }
  virtual Status write(WriteFn fn) = 0;
  // Stops accepting writes and finishes those under way.
  virtual void shutdown() = 0;
  virtual PoolStats stats() = 0;
  // Called on the committing thread after each write transaction commits (once per group commit on
  // SQLite), so that consumers of the outbox can wake up instead of polling. Must be cheap and must
  // not write. Set it before the first write.
  void set_commit_hook(std::function<void()> hook) { commit_hook_ = std::move(hook); }

 protected:
  virtual void run_read(const std::function<void(Connection&)>& fn) = 0;
  virtual void run_read_statement(const std::function<void(Connection&)>& fn) { run_read(fn); }
  void notify_committed() const {
    if (commit_hook_) commit_hook_();
  }

 private:
  // Runs fn through runner (run_read or run_read_statement) and hands back what fn returned.
  template <class Runner, class F>
  static auto run_with(Runner&& runner, F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    using R = decltype(fn(std::declval<Connection&>()));
    if constexpr (std::is_void_v<R>) {
      runner(std::function<void(Connection&)>([&](Connection& c) { fn(c); }));
    } else {
      std::optional<R> out;
      runner(std::function<void(Connection&)>([&](Connection& c) { out.emplace(fn(c)); }));
      return std::move(*out);
    }
  }
  std::function<void()> commit_hook_;
};

}  // namespace rapport::db
