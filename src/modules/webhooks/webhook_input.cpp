#include "modules/webhooks/webhook_input.hpp"

#include <algorithm>
#include <set>

#include "modules/webhooks/event_types.hpp"
#include "modules/webhooks/webhook.hpp"
#include "platform/net/url_check.hpp"
#include "platform/records/filter_json.hpp"
#include "platform/utf8.hpp"

namespace rapport::webhooks {
namespace json = boost::json;

namespace {

const std::set<std::string> kKeys = {"url", "event_types", "filter", "description", "enabled"};

std::optional<std::vector<std::string>> read_event_types(const json::value& v, std::vector<FieldError>& errors) {
  if (!v.is_array() || v.as_array().empty() || v.as_array().size() > kMaxEventTypes) {
    errors.push_back({"event_types", "type",
                      "must be an array of 1 to " + std::to_string(kMaxEventTypes) + " event types, or [\"*\"] for all"});
    return std::nullopt;
  }
  std::vector<std::string> out;
  std::size_t before = errors.size();
  for (std::size_t i = 0; i < v.as_array().size(); ++i) {
    const json::value& e = v.as_array()[i];
    const std::string path = "event_types." + std::to_string(i);
    if (!e.is_string() || e.as_string().empty() || e.as_string().size() > kMaxEventTypeBytes) {
      errors.push_back({path, "type", "must be an event type, e.g. contact.created"});
      continue;
    }
    std::string type(e.as_string());
    if (type != kAllEvents && !is_event_type(type)) {
      // The text is the caller's: keep it valid UTF-8 in the answer.
      std::string message = utf8::scrub(type);
      message.insert(0, 1, '"');
      message.append("\" is not an event type (the OpenAPI document lists them)");
      errors.push_back({path, "enum", std::move(message)});
      continue;
    }
    if (std::find(out.begin(), out.end(), type) != out.end()) {
      errors.push_back({path, "unique", "is listed twice"});
      continue;
    }
    out.push_back(std::move(type));
  }
  if (errors.size() == before && out.size() > 1 && std::find(out.begin(), out.end(), kAllEvents) != out.end())
    errors.push_back({"event_types", "enum", "\"*\" (every event type) stands alone"});
  if (errors.size() != before) return std::nullopt;
  return out;
}

}  // namespace

Result<WebhookChange> read_webhook_body(const json::object& body, bool creating) {
  std::vector<FieldError> errors;
  WebhookChange c;
  for (const auto& kv : body)
    if (!kKeys.count(std::string(kv.key())))
      errors.push_back({utf8::scrub(kv.key()), "unknown", "is not a field of a webhook (url, event_types, filter, description, enabled)"});
  if (const auto* v = body.if_contains("url")) {
    if (!v->is_string() || v->as_string().empty() || v->as_string().size() > net::kMaxUrlLength)
      errors.push_back({"url", "type", "must be an http or https URL of at most " + std::to_string(net::kMaxUrlLength) + " characters"});
    else
      c.url = std::string(v->as_string());
  } else if (creating) {
    errors.push_back({"url", "required", "is required"});
  }
  if (const auto* v = body.if_contains("event_types")) c.event_types = read_event_types(*v, errors);
  else if (creating) errors.push_back({"event_types", "required", "is required"});
  if (const auto* v = body.if_contains("filter")) {
    if (v->is_null()) c.filter.emplace();
    else c.filter = records::read_conditions(*v, "filter", kMaxFilterConditions, errors);
  }
  if (const auto* v = body.if_contains("description")) {
    auto points = v->is_string() ? utf8::decode(v->as_string()) : std::nullopt;
    if (!points || points->size() > kMaxDescriptionChars)
      errors.push_back({"description", "length", "must be a string of at most " + std::to_string(kMaxDescriptionChars) + " characters"});
    else
      c.description = std::string(v->as_string());
  }
  if (const auto* v = body.if_contains("enabled")) {
    if (!v->is_bool()) errors.push_back({"enabled", "type", "must be true or false"});
    else c.enabled = v->as_bool();
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return c;
}

}  // namespace rapport::webhooks
