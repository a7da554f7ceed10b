// Webhooks (modules/webhooks): the schemas of the routes, and the document's top-level `webhooks`
// (OpenAPI 3.1): one entry per event type a webhook may subscribe to, with the payload it sends.
#include "app/openapi_schema.hpp"
#include "modules/webhooks/event_types.hpp"
#include "modules/webhooks/webhook.hpp"
#include "platform/net/url_check.hpp"
#include "platform/records/list_query.hpp"

namespace rapport::app {
namespace json = boost::json;

void add_webhook_schemas(json::object& schemas) {
  using namespace webhooks;
  json::object dt{{"type", "string"}, {"format", "date-time"}};
  json::object ndt{{"type", json::array{"string", "null"}}, {"format", "date-time"}};
  json::array type_names{json::value("*")};
  for (const auto& e : event_types()) type_names.push_back(json::value(e.name));
  json::object types = array_of(json::object{{"type", "string"}, {"enum", type_names}});
  types["minItems"] = 1;
  types["maxItems"] = static_cast<int64_t>(kMaxEventTypes);
  types["uniqueItems"] = true;
  types["description"] = "The event types delivered (the document's webhooks list each), or [\"*\"] for every type";
  json::object url{{"type", "string"}, {"minLength", 1}, {"maxLength", static_cast<int64_t>(net::kMaxUrlLength)},
                   {"description", "http or https, no user information; its host must be or resolve to public addresses "
                                   "unless the operator allow-listed it"}};
  json::object description{{"type", "string"}, {"maxLength", static_cast<int64_t>(kMaxDescriptionChars)}};
  json::object enabled{{"type", "boolean"}, {"description", "Default true"}};
  json::object condition = obj({{"field", described(str(), "A field as the object's list filters name it: amount, custom.budget")},
                                {"op", json::object{{"type", "string"}, {"enum", text_values(records::filter_operators())}}},
                                {"value", described(json::object{{"type", json::array{"string", "number", "boolean", "array"}}},
                                                    "As filter[field][op]=value takes it (an array for in)")}},
                               {"field", "op"});
  condition["additionalProperties"] = false;
  schemas["WebhookFilterCondition"] = condition;
  json::object filter = array_of(ref("WebhookFilterCondition"));
  filter["maxItems"] = static_cast<int64_t>(kMaxFilterConditions);
  filter["description"] =
      "Conditions in the list filter language of the one record object the event types are about (the same fields, "
      "operators, value rules and errors as filter[field][op]=value on its list); an event is delivered only when its "
      "record, as it is when the event is relayed and as the creator may read it, meets them all. Empty: every event.";
  json::object filter_input = filter;
  filter_input["type"] = json::array{"array", "null"};
  filter_input["description"] = "As filter; null or [] removes it. A field hidden from you or from the webhook's creator is refused.";

  json::object props{{"id", json::object{{"type", "string"}, {"format", "uuid"}}},
                     {"url", url},
                     {"event_types", types},
                     {"filter", filter},
                     {"description", description},
                     {"enabled", json::object{{"type", "boolean"}}},
                     {"disabled_reason", described(nstr(), "Why the server disabled it (persistent failure, its creator "
                                                           "deactivated); null otherwise")},
                     {"consecutive_failures", described(json::object{{"type", "integer"}, {"minimum", 0}},
                                                        "Failed attempts since the last successful one")},
                     {"failing_since", described(ndt, "The first of those failures; after 5 days of failures only, the "
                                                      "webhook is disabled")},
                     {"previous_secret_expires_at", described(ndt, "After a rotation: until when the previous secret "
                                                                   "also signs")},
                     {"created_by", described(json::object{{"type", "string"}, {"format", "uuid"}},
                                              "The admin who created it: payloads show records as GET shows them to this user")},
                     {"created_at", dt},
                     {"updated_at", dt},
                     {"version", json::object{{"type", "integer"}, {"minimum", 1}}}};
  json::array required{"id", "url", "event_types", "filter", "description", "enabled", "disabled_reason", "consecutive_failures",
                       "failing_since", "previous_secret_expires_at", "created_by", "created_at", "updated_at", "version"};
  schemas["Webhook"] = obj(props, required);
  json::object with_secret_props = props;
  with_secret_props["secret"] = json::object{
      {"type", "string"}, {"pattern", "^whsec_[A-Za-z0-9+/]+={0,2}$"},
      {"description", "The signing secret (Standard Webhooks); shown only in this answer"}};
  json::array with_secret_required = required;
  with_secret_required.push_back("secret");
  schemas["WebhookWithSecret"] = obj(with_secret_props, with_secret_required);
  schemas["WebhookList"] = obj({{"data", array_of(ref("Webhook"))}}, {"data"});
  json::object input = obj({{"url", url}, {"event_types", types}, {"filter", filter_input}, {"description", description}, {"enabled", enabled}},
                           {"url", "event_types"});
  input["additionalProperties"] = false;
  schemas["WebhookInput"] = input;
  json::object patch = obj({{"url", url}, {"event_types", types}, {"filter", filter_input}, {"description", description}, {"enabled", enabled}});
  patch["additionalProperties"] = false;
  patch["description"] = "The parts to change";
  schemas["WebhookPatch"] = patch;

  json::object nint{{"type", json::array{"integer", "null"}}};
  schemas["WebhookDelivery"] = obj(
      {{"id", json::object{{"type", "string"}, {"format", "uuid"}}},
       {"webhook_id", json::object{{"type", "string"}, {"format", "uuid"}}},
       {"message_id", described(str(), "The webhook-id header: the same for every attempt and redelivery of the event")},
       {"event_id", described(nint, "The outbox event's id")},
       {"event_type", str()},
       {"object_type", str()},
       {"object_id", str()},
       {"occurred_at", dt},
       {"attempt", json::object{{"type", "integer"}, {"minimum", 1}}},
       {"status", json::object{{"type", "string"}, {"enum", json::array{"succeeded", "failed", "skipped"}}}},
       {"http_status", described(nint, "The receiver's status code; null when no answer came")},
       {"duration_ms", nint},
       {"response_excerpt", described(json::object{{"type", json::array{"string", "null"}}, {"maxLength", static_cast<int64_t>(kMaxExcerptBytes)}},
                                      "The first 1 KB of the answer's body")},
       {"error", described(nstr(), "Why it failed or was skipped")},
       {"job_id", nstr()},
       {"created_at", dt}},
      {"id", "webhook_id", "message_id", "event_type", "object_type", "object_id", "occurred_at", "attempt", "status",
       "created_at"});
  schemas["WebhookDeliveryPage"] = obj({{"data", array_of(ref("WebhookDelivery"))},
                                        {"next_cursor", json::object{{"type", json::array{"string", "null"}}}}},
                                       {"data", "next_cursor"});
  schemas["WebhookRedelivery"] = obj({{"job_id", described(str(), "The webhook.deliver job (GET /api/v1/jobs/{id})")},
                                      {"message_id", str()}},
                                     {"job_id", "message_id"});
  schemas["WebhookObjectRef"] = obj({{"id", str()}, {"object_type", str()}}, {"id", "object_type"});
}

json::object webhook_events(const std::vector<const records::ObjectSpec*>& specs) {
  json::object out;
  for (const auto& e : webhooks::event_types()) {
    json::object data = ref("WebhookObjectRef");
    if (e.carries_record)
      for (const auto* s : specs)
        if (s->object == e.object_type) data = ref(s->title);
    json::object body = obj({{"type", json::object{{"type", "string"}, {"const", e.name}}},
                             {"timestamp", json::object{{"type", "string"}, {"format", "date-time"},
                                                        {"description", "When the change happened"}}},
                             {"data", data}},
                            {"type", "timestamp", "data"});
    std::string op_id = "webhook_";
    for (char c : e.name) op_id += c == '.' ? '_' : c;
    json::object op{
        {"operationId", op_id},
        {"summary", e.description},
        {"description",
         "Sent as POST to the webhook's URL, signed per Standard Webhooks (headers webhook-id, webhook-timestamp, "
         "webhook-signature). The record is shown as GET shows it to the webhook's creator, as it is when the "
         "delivery is made; a record they cannot read is not sent. Delivery is at least once and unordered: "
         "deduplicate by webhook-id."},
        {"tags", json::array{"Webhooks"}},
        {"security", json::array{json::object{}}},
        {"requestBody", json::object{{"required", true}, {"content", json::object{{"application/json", json::object{{"schema", body}}}}}}},
        {"responses", json::object{{"2XX", json::object{{"description", "Received: the delivery succeeded"}}},
                                   {"4XX", json::object{{"description", "Refused: retried on the schedule (up to 8 attempts)"}}}}}};
    out[e.name] = json::object{{"post", std::move(op)}};
  }
  return out;
}

}  // namespace rapport::app
