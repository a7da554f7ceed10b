// The payload of an automation.run job: which rule an event fired, on which record, at which depth,
// with the event's payload (the changes the "changed" conditions read). A time trigger's run has no
// event (event_id 0, depth 0): its event_type is the trigger type and `time_key` says which moment
// ("date:<the field's value>", "schedule:<period>"), once per rule and record.
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
  boost::json::value event;  // the outbox payload; a time trigger's {"field", "value"} or {"period"}
  std::string time_key;      // empty for an event

  boost::json::object to_json() const;
  static std::optional<RunRequest> from_json(const boost::json::value& v);
  // The key of its run: one run per rule and event, or per rule, record and moment.
  std::string trigger_key() const { return time_key.empty() ? "event:" + std::to_string(event_id) : time_key + ":" + record_id; }
  // A run row of `rule` for this request, started now (status running, no steps).
  Run new_run(const Rule& rule, const std::string& job_id) const;
  // The event's changes ({"field", "before", "after"}), empty when it has none.
  boost::json::array changes() const;
};

}  // namespace rapport::automation
