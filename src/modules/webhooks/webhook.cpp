#include "modules/webhooks/webhook.hpp"

#include "platform/utf8.hpp"

namespace rapport::webhooks {
namespace json = boost::json;

namespace {

json::value text_or_null(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }
json::value int_or_null(const std::optional<int64_t>& n) { return n ? json::value(*n) : json::value(nullptr); }

}  // namespace

json::object Webhook::to_json() const {
  json::array types;
  for (const auto& t : event_types) types.push_back(json::value(t));
  return json::object{{"id", id},
                      {"url", url},
                      {"event_types", std::move(types)},
                      {"filter", filter},
                      {"description", description},
                      {"enabled", enabled},
                      {"disabled_reason", text_or_null(disabled_reason)},
                      {"consecutive_failures", consecutive_failures},
                      {"failing_since", text_or_null(failing_since)},
                      {"previous_secret_expires_at", text_or_null(previous_secret_expires_at)},
                      {"created_by", created_by},
                      {"created_at", created_at},
                      {"updated_at", updated_at},
                      {"version", version}};
}

json::object Delivery::to_json() const {
  return json::object{{"id", id},
                      {"webhook_id", webhook_id},
                      {"message_id", message_id},
                      {"event_id", int_or_null(event_id)},
                      {"event_type", event_type},
                      {"object_type", object_type},
                      {"object_id", object_id},
                      {"occurred_at", occurred_at},
                      {"attempt", attempt},
                      {"status", status},
                      {"http_status", int_or_null(http_status)},
                      {"duration_ms", int_or_null(duration_ms)},
                      {"response_excerpt", text_or_null(response_excerpt)},
                      {"error", text_or_null(error)},
                      {"job_id", text_or_null(job_id)},
                      {"created_at", created_at}};
}

std::string excerpt(std::string_view body) {
  if (body.size() > kMaxExcerptBytes) {
    std::size_t cut = kMaxExcerptBytes;
    // Back to the start of the character the limit falls in (continuation bytes are 10xxxxxx).
    while (cut > 0 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) --cut;
    body = body.substr(0, cut);
  }
  return utf8::scrub(body);
}

}  // namespace rapport::webhooks
