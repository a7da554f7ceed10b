// Turns relayed outbox events into webhook deliveries: inside the relay's batch transaction, one
// webhook.deliver job per (enabled webhook of the event's workspace subscribed to its type, event),
// so an event becomes its jobs exactly once, atomically with being marked relayed (a batch that
// rolls back enqueues nothing and is relayed again). The unique key (webhook, event) keeps a second
// relay of the same event from adding a second pending job.
#pragma once
#include "platform/events/relay.hpp"

namespace rapport::webhooks {

class WebhookSink final : public events::Sink {
 public:
  void in_transaction(db::Connection& c, const std::vector<events::Event>& batch) override;
};

}  // namespace rapport::webhooks
