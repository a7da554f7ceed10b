#include "modules/marketing/tracking_recorder.hpp"

#include <spdlog/spdlog.h>

#include "modules/marketing/recipient_results.hpp"
#include "platform/clock.hpp"
#include "platform/db/multi_row.hpp"
#include "platform/ids.hpp"

namespace rapport::marketing {

void insert_tracking_events(db::Connection& c, const std::vector<TrackingEvent>& events) {
  if (events.empty()) return;
  static const std::vector<std::string> types = {"TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "BIGINT", "TEXT", "BIGINT", "BIGINT"};
  std::vector<db::Value> values;
  values.reserve(events.size() * types.size());
  for (const auto& e : events) {
    values.emplace_back(ids::uuid_v7());
    values.emplace_back(e.workspace_id);
    values.emplace_back(e.campaign_id);
    values.emplace_back(e.contact_id);
    values.emplace_back(std::string(e.click ? "click" : "open"));
    if (e.link) values.emplace_back(*e.link);  // not a ?: of two Values: GCC 12 warns falsely on it
    else values.emplace_back(nullptr);
    values.emplace_back(clock::format_ms(e.at_ms));
    values.emplace_back(int64_t{e.bot ? 1 : 0});
    values.emplace_back(int64_t{e.prefetch ? 1 : 0});
  }
  db::run_rows(c, types, values, [](std::string_view rows) {
    std::string sql =
        "WITH v(id, workspace_id, campaign_id, contact_id, kind, link_idx, occurred_at, bot, prefetch) AS (VALUES ";
    sql += rows;
    sql +=
        ") INSERT INTO tracking_events(id, workspace_id, campaign_id, contact_id, kind, link_idx, occurred_at, bot, prefetch) "
        "SELECT v.id, v.workspace_id, v.campaign_id, v.contact_id, v.kind, v.link_idx, v.occurred_at, v.bot, v.prefetch FROM v "
        "WHERE EXISTS (SELECT 1 FROM contacts k WHERE k.workspace_id = v.workspace_id AND k.id = v.contact_id "
        "AND k.erased_at IS NULL) "
        "AND EXISTS (SELECT 1 FROM campaigns m WHERE m.workspace_id = v.workspace_id AND m.id = v.campaign_id)";
    return sql;
  });
  note_tracking_results(c, events);
}

TrackingRecorder::TrackingRecorder(db::Database& db, RecorderOptions opts) : db_(db), opts_(opts) {
  thread_ = std::thread([this] { loop(); });
}

TrackingRecorder::~TrackingRecorder() { stop(); }

bool TrackingRecorder::record(TrackingEvent e) {
  std::lock_guard lock(mu_);
  if (stopping_ || pending_.size() >= opts_.max_pending) {
    ++stats_.dropped;
    return false;
  }
  pending_.push_back(std::move(e));
  ++stats_.queued;
  if (pending_.size() >= opts_.batch) wake_.notify_one();
  return true;
}

void TrackingRecorder::flush() {
  std::unique_lock lock(mu_);
  if (stopped_) return;
  // The round taken after this call holds every event queued before it.
  const int64_t wanted = rounds_ + 1;
  flush_wanted_ = true;
  wake_.notify_one();
  written_.wait(lock, [&] { return rounds_done_ >= wanted || stopped_; });
}

void TrackingRecorder::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

TrackingRecorder::Stats TrackingRecorder::stats() {
  std::lock_guard lock(mu_);
  return stats_;
}

void TrackingRecorder::loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait_for(lock, opts_.interval, [&] { return stopping_ || flush_wanted_ || pending_.size() >= opts_.batch; });
    // Every wake-up is a round, empty or not, so that flush() returns once its events are written.
    std::vector<TrackingEvent> batch;
    batch.swap(pending_);
    const bool last = stopping_;
    flush_wanted_ = false;
    ++rounds_;
    lock.unlock();
    const bool ok = batch.empty() || write(batch);
    lock.lock();
    if (ok) {
      stats_.written += static_cast<int64_t>(batch.size());
    } else if (!last && pending_.size() + batch.size() <= opts_.max_pending) {
      // The database is away: keep the batch, ahead of what came meanwhile, and try again next round.
      batch.insert(batch.end(), std::make_move_iterator(pending_.begin()), std::make_move_iterator(pending_.end()));
      pending_.swap(batch);
    } else {
      stats_.dropped += static_cast<int64_t>(batch.size());
      spdlog::warn("tracking: {} open and click events could not be written and were dropped", batch.size());
    }
    ++rounds_done_;
    written_.notify_all();
    if (last && (pending_.empty() || !ok)) break;
    if (!ok) wake_.wait_for(lock, opts_.interval, [&] { return stopping_; });  // no hot retry loop
  }
  stopped_ = true;
  written_.notify_all();
}

bool TrackingRecorder::write(const std::vector<TrackingEvent>& batch) {
  try {
    Status st = db_.write([&](db::Connection& c) -> Status {
      insert_tracking_events(c, batch);
      return ok_status();
    });
    if (!st) spdlog::warn("tracking: writing {} events failed: {}", batch.size(), st.problem().detail);
    return static_cast<bool>(st);
  } catch (const std::exception& e) {
    spdlog::warn("tracking: writing {} events failed: {}", batch.size(), e.what());
    return false;
  }
}

}  // namespace rapport::marketing
