#include "platform/db/pg_pipeline.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>

namespace rapport::db {

namespace {
// Requests queued since the last push beyond which they are written out before queueing more.
constexpr std::size_t kPushBytes = 256 * 1024;
}  // namespace

PgPipeline::PgPipeline(PgConnection& c) : c_(c), conn_(c.conn_) {
  if (!c_.healthy()) throw PgUnavailable(0, "the connection to PostgreSQL is down");
  c_.send_deferred();
  if (PQenterPipelineMode(conn_) != 1)
    throw DbError(0, std::string("cannot enter pipeline mode: ") + PQerrorMessage(conn_));
  if (PQsetnonblocking(conn_, 1) != 0) {
    PQexitPipelineMode(conn_);
    throw DbError(0, std::string("cannot make the connection non-blocking: ") + PQerrorMessage(conn_));
  }
}

PgPipeline::~PgPipeline() {
  try {
    if (c_.healthy()) {
      if ((error_ || callback_error_) && queue_.empty()) push_sync();  // ends the server's skipping
      drain();
    }
  } catch (const std::exception& e) {
    spdlog::debug("pipeline: dropped while draining: {}", e.what());
  }
  if (!c_.healthy()) return;  // a broken connection is replaced on its next use
  PQsetnonblocking(conn_, 0);
  if (PQexitPipelineMode(conn_) != 1) spdlog::warn("pipeline: cannot leave pipeline mode: {}", PQerrorMessage(conn_));
}

const std::string& PgPipeline::statement_name(const std::string& sql) {
  // No eviction here: statements queued in this pipeline must stay prepared; the connection's next
  // exec() evicts down to capacity again.
  if (const std::string* known = c_.prepared_.find(sql)) return *known;
  std::string name(1, 's');
  name.append(std::to_string(++c_.statements_named_));
  if (PQsendPrepare(conn_, name.c_str(), sql.c_str(), 0, nullptr) != 1) fail_now("prepare");
  queue_.push_back({Kind::Prepare, {}, sql});
  results_requested_ = false;
  return c_.prepared_.insert(sql, std::move(name));
}

void PgPipeline::send(const std::string& sql, const char* const* values, int n, OnResult on_result) {
  if (!c_.healthy()) fail_now("send");
  const std::string& name = statement_name(sql);
  if (PQsendQueryPrepared(conn_, name.c_str(), n, values, nullptr, nullptr, 0) != 1) fail_now("send");
  queue_.push_back({Kind::Query, std::move(on_result), {}});
  ++queries_;
  results_requested_ = false;
  unflushed_ += 16 + name.size();
  for (int i = 0; i < n; ++i) unflushed_ += values[i] ? std::strlen(values[i]) + 4 : 4;
  if (unflushed_ >= kPushBytes) pump(true);
  raise_if_failed();
}

void PgPipeline::send(const std::string& sql, const std::vector<Value>& params, OnResult on_result) {
  std::vector<std::string> texts(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (std::holds_alternative<std::nullptr_t>(params[i])) continue;
    texts[i] = to_pg_text(params[i]);
    values[i] = texts[i].c_str();
  }
  send(sql, values.data(), static_cast<int>(values.size()), std::move(on_result));
}

void PgPipeline::push_sync() {
  if (PQpipelineSync(conn_) != 1) fail_now("sync");
  queue_.push_back({Kind::Sync, {}, {}});
  results_requested_ = true;
}

void PgPipeline::mark_sync() {
  if (!c_.healthy()) fail_now("sync");
  push_sync();
}

void PgPipeline::sync() {
  mark_sync();
  drain();
  raise_if_failed();
}

void PgPipeline::drain() {
  if (!queue_.empty() && queue_.back().kind != Kind::Sync) push_sync();
  while (!queue_.empty()) {
    pump(true);
    if (!queue_.empty()) wait_socket(false);
  }
}

void PgPipeline::flush() {
  if (!c_.healthy()) fail_now("flush");
  request_results();
  pump(true);
  raise_if_failed();
}

void PgPipeline::wait_pending(std::size_t n) {
  while (queries_ > n && !error_ && !callback_error_) {
    request_results();
    pump(true);
    if (queries_ > n && !error_ && !callback_error_) wait_socket(false);
  }
  raise_if_failed();
}

void PgPipeline::request_results() {
  if (results_requested_) return;
  if (PQsendFlushRequest(conn_) != 1) fail_now("flush request");
  results_requested_ = true;
}

void PgPipeline::pump(bool all) {
  for (;;) {
    const int pending_output = PQflush(conn_);
    if (pending_output < 0) fail_now("send");
    read_results();
    if (pending_output == 0) unflushed_ = 0;
    if (pending_output == 0 || !all) return;
    wait_socket(true);
  }
}

void PgPipeline::read_results() {
  if (PQconsumeInput(conn_) != 1) fail_now("receive");
  while (!queue_.empty() && PQisBusy(conn_) == 0)
    if (!take(PQgetResult(conn_))) break;
  if (PQstatus(conn_) != CONNECTION_OK) fail_now("receive");
}

bool PgPipeline::take(PGresult* r) {
  Item& front = queue_.front();
  if (front.kind == Kind::Sync) {
    if (!r) return false;  // not there yet
    PQclear(r);            // PGRES_PIPELINE_SYNC; no null result follows it
    queue_.pop_front();
    return true;
  }
  if (!r) {  // the end of this statement's results
    if (front.kind == Kind::Query) --queries_;
    queue_.pop_front();
    return true;
  }
  const ExecStatusType st = PQresultStatus(r);
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
    if (front.kind == Kind::Query && front.on_result && !error_ && !callback_error_) {
      PgResult result(r);
      try {
        front.on_result(result);
      } catch (...) {
        callback_error_ = std::current_exception();
      }
    } else {
      PQclear(r);
    }
    return true;
  }
  if (front.kind == Kind::Prepare) c_.prepared_.erase(front.sql);  // not prepared after all
  if (st == PGRES_PIPELINE_ABORTED || error_)
    PQclear(r);  // skipped after an earlier error, or a later error of the same drain
  else
    error_.reset(r);
  return true;
}

void PgPipeline::wait_socket(bool writable) {
  pollfd p{};
  p.fd = PQsocket(conn_);
  if (p.fd < 0) fail_now("wait");
  p.events = static_cast<short>(POLLIN | (writable ? POLLOUT : 0));
  while (::poll(&p, 1, -1) < 0)
    if (errno != EINTR) throw DbError(errno, std::string("pipeline: poll failed: ") + std::strerror(errno));
}

void PgPipeline::raise_if_failed() {
  if (!error_ && !callback_error_) return;
  // The server skips everything up to the next sync point, so one must follow the error even when
  // nothing else is queued; otherwise the caller's ROLLBACK would be skipped too.
  if (queue_.empty()) push_sync();
  drain();
  if (callback_error_ && !error_) std::rethrow_exception(std::exchange(callback_error_, nullptr));
  callback_error_ = nullptr;
  c_.fail(error_.release(), "pipeline");
}

void PgPipeline::fail_now(const char* context) {
  if (PQstatus(conn_) != CONNECTION_OK) {  // nothing queued will be answered
    queue_.clear();
    queries_ = 0;
    error_.reset();
    callback_error_ = nullptr;
  }
  c_.fail(nullptr, std::string("pipeline ") + context);
}

}  // namespace rapport::db
