#include "platform/events/relay.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "platform/clock.hpp"
#include "platform/db/write_classes.hpp"

namespace rapport::events {

namespace {

// Claims the oldest pending rows and marks them processed in one statement. The processed_at
// written here only becomes visible if the batch commits.
std::string claim_sql(db::Dialect d, int limit) {
  std::string sql =
      "UPDATE outbox SET processed_at = ? WHERE id IN (SELECT id FROM outbox WHERE processed_at IS NULL ORDER BY id "
      "LIMIT ";
  sql.append(std::to_string(limit));
  if (d == db::Dialect::Postgres) sql.append(" FOR UPDATE SKIP LOCKED");
  sql.append(") RETURNING id, workspace_id, event_type, object_type, object_id, created_at, owner_id, depth, team_id");
  return sql;
}

}  // namespace

Relay::Relay(db::Database& db, std::vector<Sink*> sinks, RelayOptions opts)
    : db_(db), sinks_(std::move(sinks)), opts_(opts) {}

Relay::~Relay() { stop(); }

void Relay::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  nudged_ = true;  // whatever was left pending before this start
  thread_ = std::thread([this] { loop(); });
}

void Relay::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Relay::nudge() {
  {
    std::lock_guard lock(mu_);
    nudged_ = true;
  }
  cv_.notify_one();
}

bool Relay::any_pending() {
  return db_.read([](db::Connection& c) {
    return !std::holds_alternative<std::nullptr_t>(
        c.scalar("SELECT id FROM outbox WHERE processed_at IS NULL ORDER BY id LIMIT 1"));
  });
}

int Relay::relay_batch() {
  std::vector<Event> batch;
  std::string failure;
  Status st = db_.write([&](db::Connection& c) -> Status {
    batch.clear();
    auto& claim = c.prepare(claim_sql(c.dialect(), opts_.batch_size));
    claim.bind(1, clock::now_text());
    while (claim.step()) {
      Event e;
      e.id = claim.int64(0);
      e.workspace_id = claim.text(1);
      e.type = claim.text(2);
      e.object_type = claim.text(3);
      e.object_id = claim.text(4);
      e.occurred_at = claim.text(5);
      if (!claim.is_null(6)) e.owner_id = claim.text(6);
      e.depth = static_cast<int>(claim.int64(7));
      if (!claim.is_null(8)) e.team_id = claim.text(8);
      batch.push_back(std::move(e));
    }
    claim.reset();
    if (batch.empty()) return ok_status();
    // RETURNING gives no order; sinks see events in outbox order.
    std::sort(batch.begin(), batch.end(), [](const Event& a, const Event& b) { return a.id < b.id; });
    try {
      for (auto* s : sinks_) s->in_transaction(c, batch);
    } catch (const std::exception& e) {
      failure = e.what();
      return Problem::unavailable("relaying events failed");
    }
    return ok_status();
  });
  if (!st) {
    failures_.fetch_add(1, std::memory_order_relaxed);
    throw std::runtime_error(failure.empty() ? st.problem().detail : failure);
  }
  for (auto* s : sinks_) s->committed(batch);
  relayed_.fetch_add(batch.size(), std::memory_order_relaxed);
  return static_cast<int>(batch.size());
}

int64_t Relay::drain() {
  int64_t total = 0;
  while (any_pending()) {
    int n = relay_batch();
    total += n;
    if (n == 0) break;  // what is pending is held by another relay
  }
  return total;
}

int64_t Relay::prune() {
  auto cutoff = clock::format_ms(clock::now_ms() - opts_.retention.count());
  int64_t deleted = 0;
  Status st = db_.write([&](db::Connection& c) -> Status {
    c.prepare("DELETE FROM outbox WHERE processed_at IS NOT NULL AND processed_at < ?").bind(1, cutoff).run();
    deleted = c.changes();
    return ok_status();
  });
  if (!st) throw std::runtime_error(st.problem().detail);
  return deleted;
}

void Relay::loop() {
  db::BackgroundWrites background;  // marking events delivered: nobody waits on it as on a request's
  auto next_prune = std::chrono::steady_clock::now();
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, opts_.poll, [&] { return nudged_ || stopping_; });
      if (stopping_) return;
      cv_.wait_for(lock, opts_.min_interval, [&] { return stopping_; });
      if (stopping_) return;
      nudged_ = false;
    }
    try {
      if (std::chrono::steady_clock::now() >= next_prune) {
        next_prune = std::chrono::steady_clock::now() + opts_.prune_every;
        if (auto n = prune(); n > 0) spdlog::info("outbox: deleted {} relayed events older than the retention", n);
      }
      drain();
    } catch (const std::exception& e) {
      spdlog::warn("outbox relay: {}; retrying in {} ms", e.what(), opts_.retry_after.count());
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, opts_.retry_after, [&] { return stopping_; });
      nudged_ = true;  // try again at once after the pause
    }
  }
}

}  // namespace rapport::events
