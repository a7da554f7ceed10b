#include "modules/automation/rule_input.hpp"

#include <set>

#include "modules/automation/actions.hpp"
#include "modules/automation/conditions.hpp"
#include "modules/automation/date_window.hpp"
#include "modules/automation/rule.hpp"
#include "modules/automation/triggers.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/jobs/cron.hpp"
#include "platform/utf8.hpp"

namespace rapport::automation {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxKeyBytes = 100;  // a field name, an operator, an id

std::string list_of(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

bool short_text(const json::value* v) { return v && v->is_string() && !v->as_string().empty() && v->as_string().size() <= kMaxKeyBytes; }

// The options each trigger type takes besides "type".
const std::set<std::string>& trigger_options(std::string_view type) {
  static const std::set<std::string> none, field{"field", "from", "to"},
      stage{"pipeline_id", "from_stage_id", "to_stage_id"}, date{"field", "offset_days", "at"}, cron{"cron"},
      form{"form_id"};
  if (type == "field_changed") return field;
  if (type == "date_relative") return date;
  if (type == "schedule") return cron;
  if (type == "stage_changed") return stage;
  if (type == "form_submitted") return form;
  return none;
}

std::optional<json::object> read_trigger(const json::value& v, std::vector<FieldError>& errors) {
  const auto* o = v.if_object();
  const auto* type = o ? o->if_contains("type") : nullptr;
  if (!type || !type->is_string()) {
    errors.push_back({"trigger.type", "required", "is required: one of " + list_of(trigger_types())});
    return std::nullopt;
  }
  const std::string t(type->as_string());
  const auto& known = trigger_types();
  if (std::find(known.begin(), known.end(), t) == known.end()) {
    errors.push_back({"trigger.type", "enum", "must be one of " + list_of(known)});
    return std::nullopt;
  }
  const std::size_t before = errors.size();
  const auto& options = trigger_options(t);
  for (const auto& kv : *o) {
    const std::string key = utf8::scrub(kv.key());
    if (key == "type") continue;
    if (!options.count(key)) {
      errors.push_back({"trigger." + key, "unknown", "is not an option of a " + t + " trigger"});
      continue;
    }
    if (key == "cron") {
      if (!kv.value().is_string()) {
        errors.push_back({"trigger.cron", "type", "must be a five-field cron expression, e.g. \"0 9 * * MON-FRI\""});
      } else if (auto cron = jobs::parse_cron(kv.value().as_string(), "trigger.cron"); !cron) {
        for (const auto& e : cron.problem().errors) errors.push_back(e);
      }
    } else if (key == "offset_days") {
      const auto& v = kv.value();
      if (!v.is_int64() || v.as_int64() < -kMaxOffsetDays || v.as_int64() > kMaxOffsetDays)
        errors.push_back({"trigger.offset_days", "range", "must be a whole number of days from -" + std::to_string(kMaxOffsetDays) +
                                                              " to " + std::to_string(kMaxOffsetDays)});
    } else if (key == "at") {
      if (!kv.value().is_string() || !parse_clock_time(kv.value().as_string()))
        errors.push_back({"trigger.at", "format", "must be a time of day \"HH:MM\" (00:00 to 23:59) on the workspace's clock"});
    } else if (key == "field" || key.ends_with("_id")) {
      if (!short_text(&kv.value())) errors.push_back({"trigger." + key, "type", "must be a string of 1 to 100 characters"});
    } else if (!records::filter_value(kv.value()) || kv.value().is_array()) {
      errors.push_back({"trigger." + key, "type", "must be a string, a number or true/false"});
    }
  }
  if ((t == "field_changed" || t == "date_relative") && !o->contains("field"))
    errors.push_back({"trigger.field", "required", "is required"});
  if (t == "schedule" && !o->contains("cron")) errors.push_back({"trigger.cron", "required", "is required"});
  if (t == "date_relative")
    for (const char* key : {"offset_days", "at"})
      if (!o->contains(key)) errors.push_back({std::string("trigger.") + key, "required", "is required"});
  if (errors.size() != before) return std::nullopt;
  return *o;
}

std::optional<json::array> read_actions(const json::value& v, std::vector<FieldError>& errors) {
  if (!v.is_array() || v.as_array().empty() || v.as_array().size() > kMaxActions) {
    errors.push_back({"actions", "type", "must be an array of 1 to " + std::to_string(kMaxActions) + " actions"});
    return std::nullopt;
  }
  const std::size_t before = errors.size();
  for (std::size_t i = 0; i < v.as_array().size(); ++i) {
    std::string path = "actions.";
    path += std::to_string(i);
    const auto* o = v.as_array()[i].if_object();
    const auto* type = o ? o->if_contains("type") : nullptr;
    if (!type || !type->is_string()) {
      errors.push_back({path + ".type", "required", "is required: one of " + list_of(action_types())});
      continue;
    }
    if (!find_action(type->as_string())) errors.push_back({path + ".type", "enum", "must be one of " + list_of(action_types())});
  }
  if (errors.size() != before) return std::nullopt;
  return v.as_array();
}

}  // namespace

Result<RuleChange> read_rule_body(const json::object& body, bool creating) {
  http::BodyReader in(body);
  in.only({"name", "description", "enabled", "object_type", "trigger", "conditions", "actions"}, "an automation");
  RuleChange c;
  c.name = in.text("name", 1, kMaxNameChars, creating);
  c.description = in.text("description", 0, kMaxDescriptionChars);
  c.enabled = in.boolean("enabled");
  std::vector<FieldError>& errors = in.errors();
  if (const auto* v = body.if_contains("object_type")) {
    if (!v->is_string() || !is_object_type(v->as_string()))
      errors.push_back({"object_type", "enum", "must be one of " + list_of(object_types())});
    else
      c.object_type = std::string(v->as_string());
  } else if (creating) {
    errors.push_back({"object_type", "required", "is required"});
  }
  if (const auto* v = body.if_contains("trigger")) c.trigger = read_trigger(*v, errors);
  else if (creating) errors.push_back({"trigger", "required", "is required"});
  if (const auto* v = body.if_contains("conditions")) c.conditions = records::read_conditions(*v, "conditions", kMaxConditions, errors);
  if (const auto* v = body.if_contains("actions")) c.actions = read_actions(*v, errors);
  else if (creating) errors.push_back({"actions", "required", "is required"});
  if (!in.ok()) return in.problem();
  return c;
}

}  // namespace rapport::automation
