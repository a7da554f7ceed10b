// A webhook as stored and as the API shows it (never with its secret), and its size bounds.
#pragma once
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rapport::webhooks {

inline constexpr std::size_t kMaxDescriptionChars = 500;
inline constexpr std::size_t kMaxEventTypes = 100;
inline constexpr std::size_t kMaxEventTypeBytes = 100;
inline constexpr std::size_t kMaxWebhooks = 100;  // per workspace
inline constexpr std::size_t kMaxExcerptBytes = 1024;  // of a response body, in the delivery log
inline constexpr std::size_t kMaxFilterConditions = 20;

struct Webhook {
  std::string id, workspace_id, url;
  std::vector<std::string> event_types;
  // Conditions in the list filter language of the events' record object (filter.hpp); empty: none.
  boost::json::array filter;
  std::string description;
  bool enabled = true;
  std::string secret_sealed;
  std::optional<std::string> previous_secret_sealed, previous_secret_expires_at;
  std::string created_by, created_at, updated_at;
  int64_t version = 1;
  std::optional<std::string> disabled_reason;
  int64_t consecutive_failures = 0;
  std::optional<std::string> failing_since;

  // What GET answers: no secret, sealed or not.
  boost::json::object to_json() const;
};

// One row of the delivery log.
struct Delivery {
  std::string id, workspace_id, webhook_id, message_id;
  std::optional<int64_t> event_id;
  std::string event_type, object_type, object_id, occurred_at;
  int64_t attempt = 1;
  std::string status;  // succeeded, failed, skipped
  std::optional<int64_t> http_status, duration_ms;
  std::optional<std::string> response_excerpt, error, job_id;
  std::string created_at;

  boost::json::object to_json() const;
};

// The first kMaxExcerptBytes of a response body, cut at a UTF-8 character boundary, with invalid
// UTF-8 replaced (the log is JSON text).
std::string excerpt(std::string_view body);

}  // namespace rapport::webhooks
