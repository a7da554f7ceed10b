// An SLA policy (`/api/v1/sla-policies`): which tickets it times (conditions), how long each target
// may take (minutes, flat or per priority), on which clock (a business-hours calendar or calendar
// time), which statuses stop the clock and when a warning comes before a breach. The first policy
// (by position, then id) whose conditions a ticket meets is the ticket's. Pure: no database.
//
//   {"name": "VIP", "position": 0,
//    "conditions": {"priority": ["high", "urgent"], "company_id": ["<id>"], "tags": ["vip"]},
//    "targets": {"first_response": {"urgent": 30, "high": 60}, "resolution": 480},
//    "business_hours_id": null, "calendar_time": false,
//    "pause_statuses": ["pending", "on_hold"], "warning": {"percent": 80}}
//
// Conditions: every kind given must hold (priority in the list, company_id in the list, the ticket's
// `tags` holding any of the list); an empty or absent kind holds for every ticket. The tags condition
// reads the ticket's `tags` value when its JSON has one (a list of strings), else it never holds.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/problem.hpp"

namespace rapport::support {

inline constexpr const char* kSlaTargets[] = {"first_response", "next_response", "resolution"};
inline constexpr const char* kPriorities[] = {"low", "normal", "high", "urgent"};
inline constexpr std::size_t kMaxPolicies = 50;              // per workspace
inline constexpr std::size_t kMaxConditionValues = 100;      // per condition kind
inline constexpr std::size_t kMaxTagLength = 100;
inline constexpr std::size_t kMaxPolicyName = 100;
inline constexpr int64_t kMaxTargetMinutes = 366LL * 24 * 60;  // a year and a day
inline constexpr int64_t kMaxPosition = 1'000'000;

bool is_sla_target(std::string_view name);

struct SlaPolicy {
  std::string id, workspace_id, name;
  int64_t position = 0;
  std::vector<std::string> priorities, company_ids, tags;  // the conditions; empty: any ticket
  // target -> minutes (an integer for every priority) or {priority: minutes} (the priorities named).
  boost::json::object targets;
  std::optional<std::string> business_hours_id;
  bool calendar_time = false;  // true: round the clock in UTC, whatever calendars exist
  std::vector<std::string> pause_statuses{"pending", "on_hold"};
  // The warning before a breach: at `percent` of the target's time, or `minutes_before` its due
  // time (at the start when the target is shorter); neither: no warning.
  std::optional<int64_t> warn_percent = 80, warn_minutes_before;
  std::string created_at, updated_at;
  int64_t version = 1;

  boost::json::object to_json() const;
  bool matches(const boost::json::object& ticket) const;
  // The target's minutes for a ticket of that priority; nullopt when the policy sets none.
  std::optional<int64_t> minutes(std::string_view target, std::string_view priority) const;
  // The business minutes after a target's start at which its warning falls; nullopt: no warning.
  std::optional<int64_t> warn_after(int64_t target_minutes) const;
  bool pauses(std::string_view status) const;
};

// The body of POST (current null) or PATCH (the stored policy, changed by the keys given): every bad
// field a 422 naming its path ("targets.resolution.urgent", "conditions.tags[2]"), all in one answer.
// References (business_hours_id, company ids) are the service's to check against stored data.
Result<SlaPolicy> read_policy(const boost::json::object& body, const SlaPolicy* current);

}  // namespace rapport::support
