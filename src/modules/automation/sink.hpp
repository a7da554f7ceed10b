// Turns relayed outbox events into automation runs: inside the relay's batch transaction, one
// automation.run job per (enabled rule of the event's workspace whose trigger the event fires,
// event), unique key (rule, outbox id), so a second relay of the same event adds nothing. An event of
// a change made kMaxDepth automation runs deep starts no rule: the run is logged `skipped` with the
// reason here, and no job is enqueued.
#pragma once
#include "platform/events/relay.hpp"

namespace rapport::automation {

class AutomationSink final : public events::Sink {
 public:
  void in_transaction(db::Connection& c, const std::vector<events::Event>& batch) override;
};

}  // namespace rapport::automation
