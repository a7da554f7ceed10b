#include "modules/webhooks/payload.hpp"

#include <algorithm>

#include "platform/clock.hpp"
#include "platform/ids.hpp"

namespace rapport::webhooks {
namespace json = boost::json;

json::object DeliveryJob::to_json() const {
  return json::object{{"webhook_id", webhook_id},   {"message_id", message_id},
                      {"event_id", event_id ? json::value(*event_id) : json::value(nullptr)},
                      {"event_type", event_type},   {"object_type", object_type},
                      {"object_id", object_id},     {"occurred_at", occurred_at}};
}

Delivery DeliveryJob::log_row(const std::string& workspace_id) const {
  Delivery d;
  d.id = ids::uuid_v7();
  d.workspace_id = workspace_id;
  d.webhook_id = webhook_id;
  d.message_id = message_id;
  d.event_id = event_id;
  d.event_type = event_type;
  d.object_type = object_type;
  d.object_id = object_id;
  d.occurred_at = occurred_at;
  d.created_at = clock::now_text();
  return d;
}

std::optional<DeliveryJob> DeliveryJob::from_json(const json::value& v) {
  if (!v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  DeliveryJob j;
  auto text = [&](const char* key, std::string& out) {
    const json::value* m = o.if_contains(key);
    if (!m || !m->is_string() || m->as_string().empty()) return false;
    out = std::string(m->as_string());
    return true;
  };
  if (!text("webhook_id", j.webhook_id) || !text("message_id", j.message_id) || !text("event_type", j.event_type) ||
      !text("object_type", j.object_type) || !text("object_id", j.object_id) || !text("occurred_at", j.occurred_at))
    return std::nullopt;
  if (j.message_id.find('.') != std::string::npos) return std::nullopt;
  if (const json::value* e = o.if_contains("event_id"); e && e->is_int64()) j.event_id = e->as_int64();
  return j;
}

std::string request_body(const DeliveryJob& job, const std::optional<std::string>& record_json) {
  // Serialised by hand around the record's text, which is already JSON (no parse and re-serialise).
  std::string out = "{\"type\":" + json::serialize(json::value(job.event_type)) +
                    ",\"timestamp\":" + json::serialize(json::value(job.occurred_at)) + ",\"data\":";
  if (record_json) out += *record_json;
  else out += json::serialize(json::object{{"id", job.object_id}, {"object_type", job.object_type}});
  out += "}";
  return out;
}

std::string new_message_id() {
  std::string id = ids::uuid_v7();
  id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
  return "msg_" + id;
}

}  // namespace rapport::webhooks
