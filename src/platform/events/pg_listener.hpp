// A node's ear on PostgreSQL: one dedicated connection LISTENs on the events channel and hands each
// notice to this node's hub, whichever node's relay sent it. When the connection drops it reconnects
// (backing off up to 2 s); notices sent while it was away are not replayed, so each time it starts
// listening every subscriber gets {"op":"resync"} and should fetch what it shows again. The same
// connection carries other channels' wake-ups (also_listen).
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include "platform/db/postgres.hpp"
#include "platform/events/hub.hpp"

namespace rapport::events {

class PgListener {
 public:
  PgListener(db::PgOptions opts, Hub& hub);
  ~PgListener();
  PgListener(const PgListener&) = delete;

  // Before start(): also LISTEN on `channel`, calling `fn` for each of its notices and each time
  // listening (re)starts, since notices sent meanwhile are lost (the job queue's wake-ups).
  void also_listen(std::string channel, std::function<void()> fn) { channels_[std::move(channel)] = std::move(fn); }

  void start();
  void stop();
  bool listening() const { return listening_.load(); }
  uint64_t received() const { return received_.load(std::memory_order_relaxed); }
  uint64_t reconnects() const { return reconnects_.load(std::memory_order_relaxed); }

 private:
  void loop();
  // Waits for notices on a connected, listening connection until it breaks or stop() is called.
  void listen_on(db::PgConnection& c);
  // Parses one notice, frees it and publishes it to the hub.
  void deliver(PGnotify* n);

  db::PgOptions opts_;
  Hub& hub_;
  std::map<std::string, std::function<void()>> channels_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> listening_{false};
  std::atomic<uint64_t> received_{0};
  std::atomic<uint64_t> reconnects_{0};
};

}  // namespace rapport::events
