// Reads the body of POST and PATCH /api/v1/webhooks: every field's type and bounds, and the event
// types against the known list (event_types.hpp), the filter's shape (records::read_conditions), each
// failing one a field error so that one 422 names them all. The URL's destination (DNS, the address
// policy) and what the filter means for the event types' object are checked by the service.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/problem.hpp"

namespace rapport::webhooks {

// The fields a request gives; an absent one is nullopt.
struct WebhookChange {
  std::optional<std::string> url;
  std::optional<std::vector<std::string>> event_types;
  std::optional<boost::json::array> filter;  // null in the body: [] (no filter)
  std::optional<std::string> description;
  std::optional<bool> enabled;
};

// `creating`: url and event_types are required. 422 with every field error; an unknown key is one.
Result<WebhookChange> read_webhook_body(const boost::json::object& body, bool creating);

}  // namespace rapport::webhooks
