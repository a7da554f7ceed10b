#include "platform/db/postgres.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

#include "platform/db/unavailable.hpp"

namespace rapport::db {

// Parameters travel as text: PostgreSQL converts them to the column types.
std::string to_pg_text(const Value& v) {
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
    return std::string(buf, end);
  }
  return std::get<std::string>(v);
}

int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(r_.get());
  return n && *n ? std::stoll(n) : 0;
}

PgConnection::PgConnection(PgOptions opts) : opts_(std::move(opts)) { connect(); }

PgConnection::~PgConnection() {
  if (conn_) PQfinish(conn_);
}

void PgConnection::connect() {
  if (conn_) PQfinish(conn_);
  conn_ = nullptr;
  prepared_.clear();
  drop_deferred();
  statements_named_ = 0;
  // TCP keep-alives notice a connection whose peer vanished without a reset (failover, a dropped
  // NAT entry) within about a minute instead of the system's two hours; they come before the URL so
  // that keep-alive settings in the URL win.
  const char* keys[] = {"keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
                        "dbname",     "connect_timeout", "application_name",    nullptr};
  std::string timeout = std::to_string(opts_.connect_timeout.count());
  const char* values[] = {"1", "30", "10", "3", opts_.url.c_str(), timeout.c_str(), "rapport", nullptr};
  conn_ = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = conn_ ? PQerrorMessage(conn_) : "out of memory";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    // libpq allocates the connection whether or not it connected: freed here, since a constructor
    // that throws runs no destructor (LeakSanitizer found ~100 KB lost per failed attempt, which a
    // PostgreSQL outage repeats for every lease: Postgres.UnreachableServerIsUnavailableQuickly
    // and PgDatabaseDown.* under scripts/sanitize.sh).
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    throw PgUnavailable(0, "cannot connect to PostgreSQL: " + msg);
  }
  // Server notices ("relation already exists, skipping") go to the debug log, not to stderr.
  PQsetNoticeProcessor(
      conn_, [](void*, const char* msg) { spdlog::debug("postgres: {}", msg); }, nullptr);
  // No JIT: PostgreSQL compiles every execution of a plan estimated above jit_above_cost, tens of
  // milliseconds each time, which an interactive request pays in full (a segment's first page at 1M
  // contacts spent part of its 106 ms compiling, docs/benchmarks.md); the server's queries are short.
  // Settings that fail (the server dying between the login and this) close the connection: a
  // constructor that throws runs no destructor, so each such attempt of an outage left a socket open.
  try {
    exec_script("SET statement_timeout = " + std::to_string(opts_.statement_timeout.count()) + "; SET jit = off");
  } catch (...) {
    PQfinish(conn_);
    conn_ = nullptr;
    throw;
  }
}

void PgConnection::reconnect() { connect(); }

namespace {

// What an error may say in logs and exceptions. libpq's full error text carries customer data: its
// DETAIL line quotes key values and failing rows ("Key (lower(email))=(ann@example.com) already
// exists"), and data exceptions (class 22) quote the bad value in the message itself. So only the
// SQLSTATE, the table, column and constraint names, and the primary message of classes whose
// messages name only schema objects are kept.
std::string describe_error(const PGresult* r, const std::string& state) {
  auto field = [&](int code) -> std::string {
    const char* v = PQresultErrorField(r, code);
    return v ? v : "";
  };
  static const char* const kNamesOnly[] = {"08", "0A", "23", "25", "40", "42", "53", "54", "55", "57", "58", "P0"};
  std::string out;
  for (const char* cls : kNamesOnly)
    if (state.rfind(cls, 0) == 0) out = field(PG_DIAG_MESSAGE_PRIMARY);
  if (out.empty()) out = "PostgreSQL error (message withheld: it may quote a value)";
  out += " [" + state + "]";
  std::string names;
  for (auto [label, code] : {std::pair{"table", PG_DIAG_TABLE_NAME}, std::pair{"column", PG_DIAG_COLUMN_NAME},
                             std::pair{"constraint", PG_DIAG_CONSTRAINT_NAME}}) {
    if (auto v = field(code); !v.empty()) names += (names.empty() ? "" : ", ") + std::string(label) + " " + v;
  }
  if (!names.empty()) out += " (" + names + ")";
  return out;
}

// What deferred() held (one statement without parameters: a BEGIN), the preparing of `sql` as `name`
// when `prepare`, and the execution of `name` with `values`, sent together in libpq's pipeline mode
// and answered after one sync: the round trip a transaction's first statement used to spend on its
// BEGIN alone (and, for a new text, on its preparing) is saved. Returns the statement's result, or the
// first error (the server skipped what followed it); *prepared says whether the preparing succeeded.
// Null when the pipeline could not be used (the caller sends the commands one by one then).
PGresult* exec_after(PGconn* conn, const std::string& first, bool prepare, const char* name, const std::string& sql,
                     int n, const char* const* values, bool* prepared) {
  *prepared = false;
  if (PQenterPipelineMode(conn) != 1) return nullptr;
  const bool sent = PQsendQueryParams(conn, first.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) == 1 &&
                    (!prepare || PQsendPrepare(conn, name, sql.c_str(), 0, nullptr) == 1) &&
                    PQsendQueryPrepared(conn, name, n, values, nullptr, nullptr, 0) == 1 && PQpipelineSync(conn) == 1;
  const int commands = prepare ? 3 : 2;
  PGresult* kept = nullptr;
  PGresult* error = nullptr;
  // Each command's results end with a null; the sync's own result comes last. A broken connection
  // answers nulls only, so the count of nulls also ends the loop.
  for (int ended = 0; sent;) {
    PGresult* r = PQgetResult(conn);
    if (!r) {
      if (++ended > commands || PQstatus(conn) != CONNECTION_OK) break;
      continue;
    }
    const ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_PIPELINE_SYNC) {
      PQclear(r);
      break;
    }
    const bool good = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!good && st != PGRES_PIPELINE_ABORTED && !error) {
      error = r;
      continue;
    }
    if (good && prepare && ended == 1) *prepared = true;
    if (good && ended == commands - 1 && !kept) {
      kept = r;
      continue;
    }
    PQclear(r);
  }
  if (PQstatus(conn) == CONNECTION_OK) PQexitPipelineMode(conn);
  if (!sent && !error) {  // libpq refused to queue: report it as a failed command
    if (kept) PQclear(kept);
    return PQmakeEmptyPGresult(conn, PGRES_FATAL_ERROR);
  }
  if (error) {
    if (kept) PQclear(kept);
    return error;
  }
  return kept ? kept : PQmakeEmptyPGresult(conn, PGRES_FATAL_ERROR);
}

}  // namespace

void PgConnection::fail(PGresult* r, const std::string& context) {
  std::string state = r && PQresultErrorField(r, PG_DIAG_SQLSTATE) ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : "";
  // Without a result (a broken connection), libpq's own text says what went wrong with the
  // connection and holds no data.
  std::string msg = r && !state.empty() ? describe_error(r, state) : (r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (r) PQclear(r);
  if (PQstatus(conn_) != CONNECTION_OK || state.rfind("08", 0) == 0 || state == "57P01")
    throw PgUnavailable(0, context + ": the connection to PostgreSQL was lost: " + msg);
  if (state.rfind("23", 0) == 0) throw ConstraintError(0, context + ": " + msg);
  if (state == "40P01" || state == "40001") throw TransactionConflict(0, context + ": " + msg);  // deadlock, serialization
  if (state == "53100") throw StorageFull(0, context + ": " + msg);  // disk_full
  // query_canceled: statement_timeout (or a cancel request); the connection itself is sound.
  if (state == "57014") throw Unavailable(0, context + ": " + msg);
  throw DbError(0, context + ": " + msg);
}

PgResult PgConnection::exec(const std::string& sql, const std::vector<Value>& params) {
  if (!healthy()) throw PgUnavailable(0, "the connection to PostgreSQL is down");
  // A deferred BEGIN goes in the same round trip as this statement (exec_after), unless it is a
  // script of several statements, which the pipeline's extended protocol does not take.
  const bool with_deferred = !deferred_.empty() && !deferred_sent_ && deferred_.find(';') == std::string::npos;
  if (!with_deferred) send_deferred();
  const std::string* name = prepared_.find(sql);
  std::string fresh;
  if (!name) {
    prepared_.make_room([&](const std::string&, const std::string& evicted) { return deallocate(evicted); });
    fresh.push_back('s');
    fresh.append(std::to_string(++statements_named_));
    if (!with_deferred) {
      PGresult* r = PQprepare(conn_, fresh.c_str(), sql.c_str(), 0, nullptr);
      if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) fail(r, "prepare");
      PQclear(r);
      name = &prepared_.insert(sql, std::move(fresh));
    }
  }
  std::vector<std::string> texts;
  std::vector<const char*> values;
  texts.reserve(params.size());
  for (const auto& p : params) {
    if (std::holds_alternative<std::nullptr_t>(p)) {
      texts.emplace_back();
      values.push_back(nullptr);
    } else {
      texts.push_back(to_pg_text(p));
      values.push_back(texts.back().c_str());
    }
  }
  PGresult* r = nullptr;
  if (with_deferred) {
    deferred_sent_ = true;
    bool prepared = false;
    r = exec_after(conn_, deferred_, name == nullptr, name ? name->c_str() : fresh.c_str(), sql,
                   static_cast<int>(values.size()), values.data(), &prepared);
    if (!r) {  // no pipeline: one command after the other
      exec_script(deferred_);
      if (!name) {
        PGresult* p = PQprepare(conn_, fresh.c_str(), sql.c_str(), 0, nullptr);
        if (!p || PQresultStatus(p) != PGRES_COMMAND_OK) fail(p, "prepare");
        PQclear(p);
        prepared = true;
      }
    }
    if (prepared && !name) name = &prepared_.insert(sql, std::move(fresh));
    if (!r) r = PQexecPrepared(conn_, name->c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0);
  } else {
    r = PQexecPrepared(conn_, name->c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0);
  }
  auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail(r, "exec");
  return PgResult(r);
}

bool PgConnection::deallocate(const std::string& name) {
  // DEALLOCATE is not transactional, so it may run inside the caller's transaction; it fails only
  // when that transaction is already aborted (or the connection is gone): the statement then stays
  // until a later prepare.
  PGresult* r = PQexec(conn_, ("DEALLOCATE " + name).c_str());
  bool done = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return done;
}

void PgConnection::send_deferred() {
  if (deferred_.empty() || deferred_sent_) return;
  deferred_sent_ = true;
  exec_script(deferred_);
}

bool PgConnection::drop_deferred() {
  const bool sent = deferred_sent_;
  deferred_.clear();
  deferred_sent_ = false;
  return sent;
}

void PgConnection::exec_script(const std::string& sql) {
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) throw PgUnavailable(0, "the connection to PostgreSQL is down");
  // In one message, a simple query of several statements: the deferred ones run first.
  const bool with_deferred = !deferred_.empty() && !deferred_sent_;
  if (with_deferred) deferred_sent_ = true;
  PGresult* r = PQexec(conn_, with_deferred ? (deferred_ + "; " + sql).c_str() : sql.c_str());
  auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail(r, "exec");
  PQclear(r);
}

int64_t PgConnection::copy_in(const std::string& copy_sql, std::string_view data) {
  if (!healthy()) throw PgUnavailable(0, "the connection to PostgreSQL is down");
  send_deferred();
  PGresult* r = PQexec(conn_, copy_sql.c_str());
  if (!r || PQresultStatus(r) != PGRES_COPY_IN) fail(r, "copy");
  PQclear(r);
  // In pieces of at most 1 MiB: PQputCopyData takes an int length, and libpq buffers what it sends.
  constexpr std::size_t kPiece = 1 << 20;
  const char* error = nullptr;
  for (std::size_t at = 0; at < data.size() && !error; at += kPiece) {
    const auto n = std::min(kPiece, data.size() - at);
    if (PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) != 1) error = "the rows could not be sent";
  }
  if (PQputCopyEnd(conn_, error) != 1) fail(nullptr, "copy");
  // The COPY's own result, then the null that ends it.
  r = PQgetResult(conn_);
  const bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  PGresult* rest = nullptr;
  while ((rest = PQgetResult(conn_)) != nullptr) PQclear(rest);
  if (!ok) fail(r, "copy");
  const int64_t copied = PgResult(r).affected();
  return copied;
}

PgPool::PgPool(PgOptions opts, int size) : opts_(std::move(opts)), size_(size), conns_(static_cast<std::size_t>(size)), busy_(static_cast<std::size_t>(size), false) {}

PgPool::Lease::Lease(PgPool& p) : pool(p) {
  std::unique_lock lock(p.mu_);
  auto free_slot = [&] {
    for (std::size_t i = 0; i < p.busy_.size(); ++i)
      if (!p.busy_[i]) return true;
    return false;
  };
  if (!free_slot()) {
    // Every connection is busy: count the wait and how long it took (a pool too small shows here).
    auto from = std::chrono::steady_clock::now();
    p.cv_.wait(lock, free_slot);
    p.waits_.fetch_add(1, std::memory_order_relaxed);
    p.wait_us_.fetch_add(static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                                   std::chrono::steady_clock::now() - from)
                                                   .count()),
                         std::memory_order_relaxed);
  }
  for (std::size_t i = 0; i < p.busy_.size(); ++i) {
    if (!p.busy_[i]) {
      slot = i;
      break;
    }
  }
  p.busy_[slot] = true;
  lock.unlock();
  try {
    auto& c = p.conns_[slot];
    if (!c) c = std::make_unique<PgConnection>(p.opts_);
    else if (!c->healthy()) c->reconnect();
    conn = c.get();
  } catch (...) {
    std::lock_guard relock(p.mu_);
    p.conns_[slot].reset();
    p.busy_[slot] = false;
    p.cv_.notify_one();
    throw;
  }
}

PgPool::Lease::~Lease() {
  std::lock_guard lock(pool.mu_);
  if (broken) pool.conns_[slot].reset();  // the next user of this slot connects afresh
  pool.busy_[slot] = false;
  pool.cv_.notify_one();
}

int PgPool::in_use() {
  std::lock_guard lock(mu_);
  int n = 0;
  for (bool b : busy_) n += b ? 1 : 0;
  return n;
}

}  // namespace rapport::db
