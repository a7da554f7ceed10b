// PostgreSQL pipeline mode (libpq 14+) for batched work such as imports: statements are sent one after
// another without waiting for each answer, so a batch of thousands of INSERTs costs about one round
// trip and the server never idles between them.
//
//   PgPipeline p(conn);
//   p.send("BEGIN");
//   for (...) p.send("INSERT INTO t VALUES ($1, $2)", {a, b});
//   p.send("COMMIT");
//   p.sync();  // waits for every result; throws the first error
//
// - Each SQL text is prepared once per connection (the names PgConnection::exec uses too); parameters
//   travel as text.
// - While in pipeline mode the connection is non-blocking and every wait polls the socket for both
//   directions, handling results as they arrive while requests are still being written: a large
//   batch cannot deadlock (server blocked writing results nobody reads, client blocked writing
//   requests nobody reads), and requests are pushed out every ~256 KB, so the client's buffers stay
//   small while the server works through what it has.
// - The server holds results back until asked (a sync point or a flush request); every wait asks
//   first, so waiting for results never waits for the server to wait for us.
// - Errors: the server skips every statement after a failing one up to the next sync point. The first
//   error is thrown (mapped as PgConnection maps it: ConstraintError for constraint violations,
//   PgUnavailable when the connection is lost, DbError otherwise) by whichever call notices it (send
//   when it pushes requests out, flush, wait_pending, sync), after the pipeline has been drained: it is then empty and usable again, and an open transaction is
//   aborted, so the caller sends ROLLBACK (through the pipeline or, once it is gone, the connection).
//   An exception thrown by an OnResult is rethrown the same way, but the server did not stop for it:
//   statements queued after that one still ran.
// - While a PgPipeline exists, use its connection only through it. The destructor waits for what is
//   still queued (ignoring errors) and leaves pipeline mode.
#pragma once
#include <libpq-fe.h>

#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "platform/db/postgres.hpp"

namespace rapport::db {

class PgPipeline {
 public:
  // Called with a statement's result when it arrives (not for failed or skipped statements).
  using OnResult = std::function<void(const PgResult&)>;

  // Enters pipeline mode; c must be idle. Throws PgUnavailable when c is down.
  explicit PgPipeline(PgConnection& c);
  PgPipeline(const PgPipeline&) = delete;
  PgPipeline& operator=(const PgPipeline&) = delete;
  ~PgPipeline();

  // Queues sql with $1..$n bound to values[0..n-1] (text, NUL-terminated; nullptr is NULL). The values
  // are copied before this returns.
  void send(const std::string& sql, const char* const* values, int n, OnResult on_result = {});
  void send(const std::string& sql, const std::vector<Value>& params = {}, OnResult on_result = {});
  // A sync point: a failing statement makes the server skip the rest up to here, not beyond. Only
  // queues it (results are handled by the next send, flush, wait or sync).
  void mark_sync();
  // mark_sync(), then waits until every result has arrived.
  void sync();
  // Writes everything queued to the server and asks for the results so far, without waiting for them
  // (only, if need be, for the socket to take the requests).
  void flush();
  // Waits until at most n queued statements still await their results.
  void wait_pending(std::size_t n);
  // Statements queued whose results have not arrived yet.
  std::size_t pending() const { return queries_; }

 private:
  enum class Kind { Prepare, Query, Sync };
  struct Item {
    Kind kind;
    OnResult on_result;
    std::string sql;  // Prepare: forgotten again when preparing fails
  };

  const std::string& statement_name(const std::string& sql);
  void push_sync();
  // Writes what is queued, as far as the socket takes it (all of it when `all`, waiting as needed),
  // and handles the results that have arrived.
  void pump(bool all);
  void read_results();
  // Handles one result of the oldest queued item; false when it has not arrived yet.
  bool take(PGresult* r);
  // Waits for everything queued (adding a sync point when the last item is not one).
  void drain();
  void wait_socket(bool writable);
  void request_results();
  // Throws the first error, after draining everything queued.
  void raise_if_failed();
  // A libpq call failed: the connection is lost (PgUnavailable) or refused the request (DbError).
  [[noreturn]] void fail_now(const char* context);

  PgConnection& c_;
  PGconn* conn_;
  std::deque<Item> queue_;
  std::size_t queries_ = 0;
  std::size_t unflushed_ = 0;        // bytes queued since the last push
  bool results_requested_ = true;    // no statement queued since the last sync point or flush request
  std::unique_ptr<PGresult, void (*)(PGresult*)> error_{nullptr, &PQclear};
  std::exception_ptr callback_error_;
};

}  // namespace rapport::db
