#include "platform/events/pg_listener.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "platform/events/realtime_sinks.hpp"

namespace rapport::events {

PgListener::PgListener(db::PgOptions opts, Hub& hub) : opts_(std::move(opts)), hub_(hub) {
  opts_.statement_timeout = std::chrono::milliseconds(0);  // the connection only waits
}

PgListener::~PgListener() { stop(); }

void PgListener::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void PgListener::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void PgListener::loop() {
  auto backoff = std::chrono::milliseconds(100);
  bool was_listening = false;
  while (!stopping_) {
    try {
      db::PgConnection c(opts_);
      c.exec_script(std::string("LISTEN ") + kNotifyChannel);
      for (const auto& [channel, fn] : channels_) c.exec_script("LISTEN " + channel);
      listening_ = true;
      for (const auto& [channel, fn] : channels_) fn();
      backoff = std::chrono::milliseconds(100);
      // Notices may have been missed before this LISTEN took effect (while the connection was down,
      // or before the first one succeeded while clients were already subscribed).
      hub_.broadcast_resync();
      if (was_listening) {
        reconnects_.fetch_add(1, std::memory_order_relaxed);
        spdlog::info("events: listening again on PostgreSQL");
      }
      was_listening = true;
      listen_on(c);
    } catch (const std::exception& e) {
      if (!stopping_) spdlog::warn("events: PostgreSQL listener: {}", e.what());
    }
    listening_ = false;
    // Sleep in short steps so that stop() is not held up by the back-off.
    for (auto slept = std::chrono::milliseconds(0); slept < backoff && !stopping_; slept += std::chrono::milliseconds(50))
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
  }
}

void PgListener::listen_on(db::PgConnection& c) {
  PGconn* conn = c.native();
  while (!stopping_) {
    // Notices that arrived with an earlier reply are already in libpq's buffer: hand them on first.
    while (PGnotify* n = PQnotifies(conn)) deliver(n);
    pollfd pfd{PQsocket(conn), POLLIN, 0};
    if (pfd.fd < 0) throw db::PgUnavailable(0, "the listening connection has no socket");
    int r = ::poll(&pfd, 1, 200);  // wake up now and then to notice stop()
    if (r < 0) {
      if (errno == EINTR) continue;
      throw db::PgUnavailable(0, "poll on the listening connection failed");
    }
    if (r == 0) continue;
    if (!PQconsumeInput(conn) || PQstatus(conn) != CONNECTION_OK)
      throw db::PgUnavailable(0, std::string("the listening connection broke: ") + PQerrorMessage(conn));
  }
}

void PgListener::deliver(PGnotify* n) {
  if (auto other = channels_.find(n->relname); other != channels_.end()) {
    PQfreemem(n);
    other->second();
    return;
  }
  auto e = parse_wire_message(n->extra);
  auto notice = e ? std::nullopt : parse_notice_wire_message(n->extra);
  PQfreemem(n);
  if (!e && !notice) {
    spdlog::warn("events: ignoring a notice that is not an event");
    return;
  }
  received_.fetch_add(1, std::memory_order_relaxed);
  if (e) hub_.publish(*e);
  else hub_.notify(*notice);
}

}  // namespace rapport::events
