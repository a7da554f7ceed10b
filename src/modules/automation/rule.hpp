// An automation rule and a run of it, as stored and as the API shows them, and the bounds of what an
// admin may define.
#pragma once
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::automation {

inline constexpr std::size_t kMaxNameChars = 200;
inline constexpr std::size_t kMaxDescriptionChars = 1000;
inline constexpr std::size_t kMaxConditions = 20;
inline constexpr std::size_t kMaxActions = 20;
inline constexpr std::size_t kMaxRules = 200;  // per workspace
// An event of a change made at this automation depth (three runs deep) starts no rule.
inline constexpr int kMaxDepth = 3;
// A rule that has run this many times within kRateWindowMs on one record is paused.
inline constexpr int kMaxRunsPerWindow = 20;
inline constexpr int64_t kRateWindowMs = 60'000;

inline constexpr const char* kRunJob = "automation.run";

// The objects rules may watch (the record objects with owners that tasks and activities link to).
const std::vector<std::string>& object_types();
bool is_object_type(std::string_view s);
// "contact" for "contacts": the prefix of the object's event types.
std::string singular_of(std::string_view object_type);

struct Rule {
  std::string id, workspace_id, name, description;
  bool enabled = true;
  std::string object_type;
  boost::json::object trigger;    // {"type", ...}
  boost::json::array conditions;  // [{"field", "op", "value"}]
  boost::json::array actions;     // [{"type", ...}]
  boost::json::object state;      // kept between runs (round-robin positions), never shown
  std::optional<std::string> paused_reason;
  std::string created_by, created_at, updated_at;
  int64_t version = 1;

  // What GET answers.
  boost::json::object to_json() const;
  // What a version records: the definition (name, description, enabled, object_type, trigger,
  // conditions, actions).
  boost::json::object definition() const;
};

struct Run {
  std::string id, workspace_id, rule_id;
  int64_t rule_version = 1;
  std::string trigger_key, trigger_type;
  std::optional<int64_t> event_id;
  std::string object_type, record_id;
  int64_t depth = 0;
  std::string status;  // running, succeeded, failed, skipped
  std::optional<std::string> reason;
  boost::json::array steps;  // one object per action that ran: {"index", "type", "status", "detail", "error"}
  std::optional<std::string> job_id;
  std::string started_at;
  std::optional<std::string> finished_at;

  boost::json::object to_json() const;
};

}  // namespace rapport::automation
