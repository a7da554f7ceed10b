// The outbox relay: every write records its domain events in the outbox table inside its own
// transaction; the relay moves them on. Each batch is one transaction that claims pending rows (on
// PostgreSQL with FOR UPDATE SKIP LOCKED, so relays on several nodes never take the same event at
// the same time), hands them to the sinks inside that transaction, marks them processed and commits.
// A sink that fails rolls the batch back: its events stay pending and are tried again, so delivery is
// at least once and, while the batch's transaction holds them, never concurrent.
//
// The relay wakes when a write commits (Database's commit hook calls nudge()) and otherwise polls,
// which picks up events that another node left behind (it crashed between commit and relay).
// Processed rows are kept for `retention` (for audits of what was published), then deleted.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/events/event.hpp"

namespace rapport::events {

class Sink {
 public:
  virtual ~Sink() = default;
  // Inside the batch's transaction; throwing rolls the batch back (its events stay pending).
  virtual void in_transaction(db::Connection&, const std::vector<Event>&) {}
  // After the batch committed; must not throw.
  virtual void committed(const std::vector<Event>&) {}
};

struct RelayOptions {
  int batch_size = 500;
  std::chrono::milliseconds poll{1000};         // wake-up without a nudge
  // Passes start at most this often: under a write load, one pass takes what many commits left
  // instead of a pass per commit (a notice waits at most this long for its pass).
  std::chrono::milliseconds min_interval{10};
  std::chrono::milliseconds retry_after{1000};  // after a failed batch
  std::chrono::milliseconds retention{std::chrono::hours(24 * 7)};
  std::chrono::minutes prune_every{60};
};

class Relay {
 public:
  Relay(db::Database& db, std::vector<Sink*> sinks, RelayOptions opts = {});
  ~Relay();
  Relay(const Relay&) = delete;

  void start();
  // Finishes the batch under way, then stops the thread.
  void stop();
  // A write committed: there may be new events. Cheap; safe from any thread.
  void nudge();

  // Claims and relays one batch; returns how many events it relayed (0: none pending or all of them
  // held by another relay). Throws when the batch failed (it was rolled back).
  int relay_batch();
  // Relays batches until none is pending (or a batch fails); returns how many events it relayed.
  int64_t drain();
  // Deletes processed rows older than the retention; returns how many.
  int64_t prune();

  uint64_t relayed() const { return relayed_.load(std::memory_order_relaxed); }
  uint64_t failures() const { return failures_.load(std::memory_order_relaxed); }

 private:
  void loop();
  bool any_pending();

  db::Database& db_;
  std::vector<Sink*> sinks_;
  RelayOptions opts_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool nudged_ = false;
  bool stopping_ = false;
  std::thread thread_;
  std::atomic<uint64_t> relayed_{0};
  std::atomic<uint64_t> failures_{0};
};

}  // namespace rapport::events
