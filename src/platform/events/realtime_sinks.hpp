// How relayed events reach WebSocket clients. On SQLite there is one node: after the batch commits,
// its events go straight to this node's hub. On PostgreSQL any node may have subscribers: the batch
// sends a NOTIFY per event inside its transaction (PostgreSQL delivers them only if it commits, in
// order), and every node's PgListener hands them to its own hub.
#pragma once
#include "platform/events/hub.hpp"
#include "platform/events/relay.hpp"

namespace rapport::events {

// The channel every node LISTENs on.
inline constexpr const char* kNotifyChannel = "rapport_events";

class LocalHubSink final : public Sink {
 public:
  explicit LocalHubSink(Hub& hub) : hub_(hub) {}
  void committed(const std::vector<Event>& batch) override;

 private:
  Hub& hub_;
};

class PgNotifySink final : public Sink {
 public:
  void in_transaction(db::Connection& c, const std::vector<Event>& batch) override;
};

}  // namespace rapport::events
