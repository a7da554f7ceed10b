// What a delivery sends: the job's payload (what the relay knew of the event) and the body of the
// request, {"type", "timestamp", "data"} as the Standard Webhooks specification suggests.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "modules/webhooks/webhook.hpp"
#include "platform/problem.hpp"

namespace rapport::webhooks {

inline constexpr const char* kDeliverJob = "webhook.deliver";

// The payload of a webhook.deliver job. message_id is the webhook-id header: chosen when the event
// is turned into a job, kept by its retries and by a manual redelivery, so receivers deduplicate.
struct DeliveryJob {
  std::string webhook_id, message_id;
  std::optional<int64_t> event_id;  // the outbox row
  std::string event_type, object_type, object_id, occurred_at;

  boost::json::object to_json() const;
  // A delivery log row of this event (a new id, attempt 1, created now; no status yet).
  Delivery log_row(const std::string& workspace_id) const;
  // 422-free: a payload that is not one is a bug or a tampered row; nullopt.
  static std::optional<DeliveryJob> from_json(const boost::json::value& v);
};

// The body's `data`: the record's JSON text as GET answers it (record_json), or, without one (a
// deleted record, an object that is not a record), {"id", "object_type"}.
std::string request_body(const DeliveryJob& job, const std::optional<std::string>& record_json);

// A new message id: "msg_" and a UUID without dashes (the spec's ids carry no '.').
std::string new_message_id();

}  // namespace rapport::webhooks
