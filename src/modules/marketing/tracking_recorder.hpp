// The opens and clicks the tracking routes receive, written to tracking_events in batches by one
// thread, so that the routes answer without waiting for a commit (they are the hottest public paths:
// every message's pixel, every link).
//
// What a crash can lose (stated in docs/operations.md): an event is queued in this node's memory
// when its answer goes out and written within `interval` (200 ms), in batches of up to `batch`; a
// process killed (or a machine losing power) loses the events queued since the last commit, at most
// `max_pending` (100,000) and in practice the last fraction of a second. A graceful stop (SIGTERM)
// writes them all. When the queue is full (the database is down, or slower than the events arrive)
// record() refuses the event: the route still answers (the pixel, the redirect), and the event is
// counted as dropped (rapport_tracking_events_dropped_total in /metrics) and not written. A batch the
// database refused is kept and retried while it fits in max_pending. That is acceptable for these facts only:
// an open or a click is a statistic about reading, which the recipient never sees acknowledged,
// and a lost one is indistinguishable from a mail client that blocks images. Unsubscribes, which
// are the person's instruction, are never written this way (unsubscribe.cpp commits before it answers).
//
// An event of a contact that is erased (or gone), or of a campaign deleted, by the time it is
// written is not written (counted as skipped). Batches go to the database as one COPY on
// PostgreSQL, multi-row INSERTs on SQLite (db/bulk_insert.hpp).
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "platform/db/database.hpp"

namespace rapport::marketing {

struct TrackingEvent {
  std::string workspace_id, campaign_id, contact_id;
  bool click = false;
  std::optional<int64_t> link;  // a click's link index
  int64_t at_ms = 0;
  bool bot = false, prefetch = false;
};

struct RecorderOptions {
  std::size_t batch = 2000;
  std::chrono::milliseconds interval{200};
  std::size_t max_pending = 100'000;
  std::size_t transaction = 10'000;  // the most events one transaction writes
};

class TrackingRecorder {
 public:
  explicit TrackingRecorder(db::Database& db, RecorderOptions opts = {});
  ~TrackingRecorder();  // stop()
  TrackingRecorder(const TrackingRecorder&) = delete;
  TrackingRecorder& operator=(const TrackingRecorder&) = delete;

  // Queues the event; false (and counted as dropped) when max_pending events wait already.
  bool record(TrackingEvent e);
  // Writes every event queued before the call and returns once they are committed (or failed).
  void flush();
  // Writes what is queued and ends the thread; record() drops afterwards.
  void stop();

  // queued: accepted by record(); written: inserted; skipped: not written because the contact is
  // erased or gone; dropped: refused by record() or lost with a batch that could not be kept;
  // pending: waiting in memory now.
  struct Stats {
    int64_t queued = 0, written = 0, skipped = 0, dropped = 0, pending = 0;
  };
  Stats stats();

 private:
  void loop();
  // Writes one batch in one transaction: the events inserted, nullopt when the write failed.
  std::optional<int64_t> write(std::span<const TrackingEvent> batch);

  db::Database& db_;
  RecorderOptions opts_;
  std::mutex mu_;
  std::condition_variable wake_, written_;
  std::vector<TrackingEvent> pending_;
  bool stopping_ = false, stopped_ = false, flush_wanted_ = false;
  int64_t rounds_ = 0;       // batches taken so far (flush waits for the one after its call)
  int64_t rounds_done_ = 0;  // batches finished
  Stats stats_;
  std::thread thread_;
};

// Inserts events (db/bulk_insert.hpp), skipping those of contacts that are erased or gone and of
// campaigns deleted (an old message's pixel still loads), and moves their recipients' states
// (recipient_results.hpp); returns the events inserted. Inside the caller's transaction.
int64_t insert_tracking_events(db::Connection& c, std::span<const TrackingEvent> events);

}  // namespace rapport::marketing
