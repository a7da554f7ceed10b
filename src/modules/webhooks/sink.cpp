#include "modules/webhooks/sink.hpp"

#include <map>

#include "modules/webhooks/event_types.hpp"
#include "modules/webhooks/payload.hpp"
#include "modules/webhooks/webhook_store.hpp"
#include "platform/jobs/enqueue.hpp"

namespace rapport::webhooks {

void WebhookSink::in_transaction(db::Connection& c, const std::vector<events::Event>& batch) {
  // Each workspace's enabled webhooks, read once per batch.
  std::map<std::string, std::vector<Webhook>> hooks;
  for (const auto& e : batch) {
    auto it = hooks.find(e.workspace_id);
    if (it == hooks.end()) it = hooks.emplace(e.workspace_id, store::enabled(c, e.workspace_id)).first;
    for (const auto& w : it->second) {
      if (!subscribes(w.event_types, e.type)) continue;
      DeliveryJob job{.webhook_id = w.id, .message_id = new_message_id(), .event_id = e.id, .event_type = e.type,
                      .object_type = e.object_type, .object_id = e.object_id, .occurred_at = e.occurred_at};
      jobs::enqueue(c, {.type = kDeliverJob, .payload = job.to_json(), .workspace_id = e.workspace_id,
                        .unique_key = w.id + ":" + std::to_string(e.id)});
    }
  }
}

}  // namespace rapport::webhooks
