#include "modules/marketing/tracking_recorder.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "modules/marketing/recipient_results.hpp"
#include "platform/clock.hpp"
#include "platform/db/bulk_insert.hpp"
#include "platform/db/in_chunks.hpp"
#include "platform/ids.hpp"

namespace rapport::marketing {

namespace {

// The (workspace, id) pairs among `wanted` that the query finds: one indexed look-up per distinct id
// in IN-list chunks, instead of a correlated check beside every inserted row (whose plan PostgreSQL
// may make a scan per statement). `sql` selects ids of one workspace, ending in "id IN ".
using Keys = std::set<std::pair<std::string, std::string>>;
Keys found(db::Connection& c, const char* sql, const std::map<std::string, std::set<std::string>>& wanted) {
  Keys out;
  for (const auto& [ws, keys] : wanted) {
    std::vector<db::Value> ids(keys.begin(), keys.end());
    db::rows_in_chunks(c, sql, {ws}, ids, "", [&](const db::Statement& st) { out.emplace(ws, st.text(0)); });
  }
  return out;
}

// The batch's contacts that are live (not erased, not gone) and campaigns that still exist.
std::pair<Keys, Keys> live_keys(db::Connection& c, std::span<const TrackingEvent> events) {
  std::map<std::string, std::set<std::string>> contacts, campaigns;
  for (const auto& e : events) {
    contacts[e.workspace_id].insert(e.contact_id);
    campaigns[e.workspace_id].insert(e.campaign_id);
  }
  return {found(c, "SELECT id FROM contacts WHERE workspace_id = ? AND erased_at IS NULL AND id IN ", contacts),
          found(c, "SELECT id FROM campaigns WHERE workspace_id = ? AND id IN ", campaigns)};
}

}  // namespace

int64_t insert_tracking_events(db::Connection& c, std::span<const TrackingEvent> events) {
  if (events.empty()) return 0;
  static const std::vector<std::string> columns = {"id", "workspace_id", "campaign_id", "contact_id", "kind",
                                                   "link_idx", "occurred_at", "bot", "prefetch"};
  static const std::vector<std::string> types = {"TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "BIGINT", "TEXT", "BIGINT", "BIGINT"};
  const auto [live_contacts, live_campaigns] = live_keys(c, events);
  std::vector<db::Value> values;
  values.reserve(events.size() * types.size());
  std::vector<TrackingEvent> kept;
  kept.reserve(events.size());
  for (const auto& e : events) {
    if (!live_contacts.count({e.workspace_id, e.contact_id}) || !live_campaigns.count({e.workspace_id, e.campaign_id})) continue;
    kept.push_back(e);
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
  const int64_t written = db::bulk_insert(c, "tracking_events", columns, types, values);
  note_tracking_results(c, kept);
  return written;
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
  Stats s = stats_;
  s.pending = static_cast<int64_t>(pending_.size());
  return s;
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
    // In transactions of at most opts_.transaction events: a backlog (after an outage, or at a stop
    // under load) written as one COPY could outlast PostgreSQL's statement timeout (5 s).
    std::size_t done = 0;
    int64_t inserted = 0;
    bool ok = true;
    while (done < batch.size()) {
      const std::size_t n = std::min(opts_.transaction, batch.size() - done);
      const auto r = write(std::span<const TrackingEvent>(batch).subspan(done, n));
      if (!r) {
        ok = false;
        break;
      }
      inserted += *r;
      done += n;
    }
    lock.lock();
    stats_.written += inserted;
    stats_.skipped += static_cast<int64_t>(done) - inserted;
    batch.erase(batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(done));
    if (ok) {
      // all written
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

std::optional<int64_t> TrackingRecorder::write(std::span<const TrackingEvent> batch) {
  try {
    int64_t inserted = 0;
    Status st = db_.write([&](db::Connection& c) -> Status {
      inserted = insert_tracking_events(c, batch);
      return ok_status();
    });
    if (!st) {
      spdlog::warn("tracking: writing {} events failed: {}", batch.size(), st.problem().detail);
      return std::nullopt;
    }
    return inserted;
  } catch (const std::exception& e) {
    spdlog::warn("tracking: writing {} events failed: {}", batch.size(), e.what());
    return std::nullopt;
  }
}

}  // namespace rapport::marketing
