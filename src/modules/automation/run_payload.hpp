// The payload of an automation.run job: which rule an event fired, on which record, at which depth,
// with the event's payload (the changes the "changed" conditions read).
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>

#include "modules/automation/rule.hpp"

namespace rapport::automation {

struct RunRequest {
  std::string rule_id;
  int64_t event_id = 0;
  std::string event_type, record_id;
  int depth = 0;
  boost::json::value event;  // the outbox payload

  boost::json::object to_json() const;
  static std::optional<RunRequest> from_json(const boost::json::value& v);
  // The key of its run: one run per rule and event.
  std::string trigger_key() const { return "event:" + std::to_string(event_id); }
  // A run row of `rule` for this request, started now (status running, no steps).
  Run new_run(const Rule& rule, const std::string& job_id) const;
  // The event's changes ({"field", "before", "after"}), empty when it has none.
  boost::json::array changes() const;
};

}  // namespace rapport::automation
