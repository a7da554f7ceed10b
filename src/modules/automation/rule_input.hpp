// Reads the body of POST and PATCH /api/v1/automations: every key's JSON type and bounds, the
// trigger's type and options, the conditions' shape and the actions' types, each failure a field
// error so one 422 names them all. What needs the workspace (fields of the object, custom fields,
// the filter language, users, stages, the URL's destination, the author's rights) is checked by the
// service (rule_check.hpp) on the merged rule.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>

#include "platform/problem.hpp"

namespace rapport::automation {

// The keys a request gives; an absent one is nullopt.
struct RuleChange {
  std::optional<std::string> name, description, object_type;
  std::optional<bool> enabled;
  std::optional<boost::json::object> trigger;
  std::optional<boost::json::array> conditions, actions;
};

// `creating`: name, object_type, trigger and actions are required. 422 with every field error.
Result<RuleChange> read_rule_body(const boost::json::object& body, bool creating);

}  // namespace rapport::automation
