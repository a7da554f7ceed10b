#include "modules/webhooks/sink.hpp"

#include <map>

#include "modules/webhooks/event_types.hpp"
#include "modules/webhooks/filter.hpp"
#include "modules/webhooks/payload.hpp"
#include "modules/webhooks/webhook_store.hpp"
#include "platform/jobs/enqueue.hpp"

namespace rapport::webhooks {

namespace {

// A delivery the filter held back, in the log with why (there is no job: nothing is sent).
void log_held_back(db::Connection& c, const DeliveryJob& job, const std::string& workspace_id, const std::string& why) {
  Delivery d = job.log_row(workspace_id);
  d.status = "skipped";
  d.error = why;
  store::insert_delivery(c, d);
}

}  // namespace

void WebhookSink::in_transaction(db::Connection& c, const std::vector<events::Event>& batch) {
  // Each workspace's enabled webhooks, read once per batch.
  std::map<std::string, std::vector<Webhook>> hooks;
  FilterGate gate(c, specs_);
  for (const auto& e : batch) {
    auto it = hooks.find(e.workspace_id);
    if (it == hooks.end()) it = hooks.emplace(e.workspace_id, store::enabled(c, e.workspace_id)).first;
    for (const auto& w : it->second) {
      if (!subscribes(w.event_types, e.type)) continue;
      DeliveryJob job{.webhook_id = w.id, .message_id = new_message_id(), .event_id = e.id, .event_type = e.type,
                      .object_type = e.object_type, .object_id = e.object_id, .occurred_at = e.occurred_at};
      const auto verdict = gate.ask(w, e);
      if (verdict.held_back) log_held_back(c, job, w.workspace_id, *verdict.held_back);
      if (!verdict.deliver) continue;
      jobs::enqueue(c, {.type = kDeliverJob, .payload = job.to_json(), .workspace_id = e.workspace_id,
                        .unique_key = w.id + ":" + std::to_string(e.id)});
    }
  }
}

}  // namespace rapport::webhooks
