// Turns relayed outbox events into webhook deliveries: inside the relay's batch transaction, one
// webhook.deliver job per (enabled webhook of the event's workspace subscribed to its type, event),
// so an event becomes its jobs exactly once, atomically with being marked relayed (a batch that
// rolls back enqueues nothing and is relayed again). The unique key (webhook, event) keeps a second
// relay of the same event from adding a second pending job. A webhook with a filter gets the event
// only when its record passes the filter (filter.hpp FilterGate).
#pragma once
#include "platform/events/relay.hpp"
#include "platform/records/spec.hpp"

namespace rapport::webhooks {

class WebhookSink final : public events::Sink {
 public:
  explicit WebhookSink(std::vector<const records::ObjectSpec*> specs) : specs_(std::move(specs)) {}
  void in_transaction(db::Connection& c, const std::vector<events::Event>& batch) override;

 private:
  std::vector<const records::ObjectSpec*> specs_;  // the record objects filters are written for
};

}  // namespace rapport::webhooks
