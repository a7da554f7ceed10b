// PostgreSQL through libpq: a connection that prepares each SQL text once (named statements cached
// per connection, the 256 most recently used: older ones are DEALLOCATEd so that neither this
// process nor the server backend holds every text ever run), and a fixed-size pool that hands connections out, notices when one broke (server
// restart, dropped socket) and reconnects on the next use. While the server is down, calls fail with
// PgUnavailable (the HTTP layer answers 503) instead of hanging.
#pragma once
#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "platform/db/connection.hpp"  // Value, DbError, ConstraintError
#include "platform/db/statement_cache.hpp"

namespace rapport::db {

// PostgreSQL aborted the transaction to break a deadlock (40P01) or on a serialization failure
// (40001): nothing of it was written and running it again may succeed, as for a unique value a
// concurrent transaction took first (PgDatabase::write answers 409 concurrent-change, which the
// record service runs again).
struct TransactionConflict : DbError {
  using DbError::DbError;
};
// The server could not be reached or the connection broke; retrying later may succeed.
struct PgUnavailable : DbError {
  using DbError::DbError;
};

class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r, &PQclear) {}
  int rows() const { return PQntuples(r_.get()); }
  int columns() const { return PQnfields(r_.get()); }
  bool is_null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string text(int row, int col) const { return std::string(view(row, col)); }
  // The value's bytes, owned by the result.
  std::string_view view(int row, int col) const {
    return {PQgetvalue(r_.get(), row, col), static_cast<std::size_t>(PQgetlength(r_.get(), row, col))};
  }
  int64_t int64(int row, int col) const { return std::stoll(PQgetvalue(r_.get(), row, col)); }
  double real(int row, int col) const { return std::stod(PQgetvalue(r_.get(), row, col)); }
  int64_t affected() const;
  unsigned type_oid(int col) const { return PQftype(r_.get(), col); }
  std::string column_name(int col) const { return PQfname(r_.get(), col); }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> r_;
};

// A parameter as the text PostgreSQL reads it (integers and reals in their shortest exact form).
std::string to_pg_text(const Value& v);

struct PgOptions {
  std::string url;                                     // postgres://user:pass@host:port/db
  std::chrono::milliseconds statement_timeout{5000};   // a statement running longer is cancelled
  std::chrono::seconds connect_timeout{3};
};

class PgPipeline;

class PgConnection {
 public:
  explicit PgConnection(PgOptions opts);  // connects; throws PgUnavailable when it cannot
  PgConnection(const PgConnection&) = delete;
  ~PgConnection();

  // Runs sql with $1..$n bound to params (as text), preparing it on first use on this connection.
  PgResult exec(const std::string& sql, const std::vector<Value>& params = {});
  // Runs one or more statements without parameters (DDL, BEGIN/COMMIT).
  void exec_script(const std::string& sql);
  // Runs `copy_sql` (a COPY ... FROM STDIN) streaming `data` (rows in COPY's text format) to it;
  // returns the rows copied. Errors are thrown as exec() throws them.
  int64_t copy_in(const std::string& copy_sql, std::string_view data);
  // Holds sql (statements without parameters: a BEGIN) back until the next command, to save it a
  // round trip: sent in the same message when that command is a script, just before it otherwise.
  void defer(std::string sql) { deferred_ = std::move(sql); }
  // Forgets what defer() holds; whether it had been sent (false: no command ran since).
  bool drop_deferred();
  bool healthy() const { return conn_ && PQstatus(conn_) == CONNECTION_OK; }
  // Drops the connection (and its prepared statements) and connects again; throws PgUnavailable.
  void reconnect();
  int backend_pid() const { return PQbackendPID(conn_); }
  // The libpq handle, for what this class does not wrap (LISTEN/NOTIFY on the socket).
  PGconn* native() { return conn_; }

 private:
  friend class PgPipeline;  // pipeline mode (pg_pipeline.hpp) shares the statement names and the error mapping
  void connect();
  // Sends what defer() holds on its own.
  void send_deferred();
  [[noreturn]] void fail(PGresult* r, const std::string& context);
  PgOptions opts_;
  PGconn* conn_ = nullptr;
  // Frees a prepared statement on the server; false when that cannot be done now.
  bool deallocate(const std::string& name);
  StatementCache<std::string> prepared_;  // SQL text -> statement name
  uint64_t statements_named_ = 0;         // names are "s<n>", never reused
  std::string deferred_;                  // defer()
  bool deferred_sent_ = false;
};

class PgPool {
 public:
  // Opens `size` connections lazily; none is opened here, so a node can start while the database is
  // still coming up.
  PgPool(PgOptions opts, int size);

  // Runs fn with a connection. A connection found broken is reconnected first; if the server is
  // unreachable, throws PgUnavailable without waiting longer than the connect timeout.
  template <class F>
  auto with(F&& fn) -> decltype(fn(std::declval<PgConnection&>())) {
    Lease lease(*this);
    try {
      return fn(*lease.conn);
    } catch (const PgUnavailable&) {
      lease.broken = true;
      throw;
    }
  }
  int size() const { return size_; }
  int in_use();
  // Leases that found every connection busy, and the seconds they waited for one, since start.
  uint64_t waits() const { return waits_.load(std::memory_order_relaxed); }
  double wait_seconds() const { return static_cast<double>(wait_us_.load(std::memory_order_relaxed)) / 1e6; }

 private:
  struct Lease {
    explicit Lease(PgPool& p);
    ~Lease();
    PgPool& pool;
    PgConnection* conn = nullptr;
    std::size_t slot = 0;
    bool broken = false;
  };
  PgOptions opts_;
  int size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> conns_;  // null until first used or after a failure
  std::vector<bool> busy_;
  std::atomic<uint64_t> waits_{0};
  std::atomic<uint64_t> wait_us_{0};
};

}  // namespace rapport::db
