#include "modules/automation/rule_check.hpp"

#include "modules/automation/conditions.hpp"
#include "modules/automation/date_window.hpp"
#include "modules/automation/triggers.hpp"
#include "platform/records/matches.hpp"
#include "platform/json_field.hpp"

namespace rapport::automation {
namespace json = boost::json;

namespace {

// Whether `field` is a field lists of the object filter on (built-in, system or custom.<name>).
bool is_field(const records::ObjectSpec& spec, const std::vector<records::CustomFieldDef>& defs, const std::string& field) {
  return static_cast<bool>(records::check_filters(spec, defs, {{field, "is_null", "true"}}));
}

bool exists(db::Connection& c, const std::string& sql, const std::string& workspace_id, const std::string& id) {
  return !std::holds_alternative<std::nullptr_t>(c.scalar(sql, {workspace_id, id}));
}

void check_trigger(db::Connection& c, const records::ObjectSpec& spec, const std::vector<records::CustomFieldDef>& defs,
                   const Rule& rule, std::vector<FieldError>& errors) {
  const std::string type = json_field::text(rule.trigger, "type");
  if (type == "field_changed" && !is_field(spec, defs, json_field::text(rule.trigger, "field")))
    errors.push_back({"trigger.field", "unknown", "is not a field of " + spec.object});
  if (type == "stage_changed") {
    if (spec.object != "deals") errors.push_back({"trigger.type", "object", "stage_changed applies to rules on deals only"});
    if (rule.trigger.contains("pipeline_id") &&
        !exists(c, "SELECT id FROM pipelines WHERE workspace_id = ? AND id = ?", rule.workspace_id, json_field::text(rule.trigger, "pipeline_id")))
      errors.push_back({"trigger.pipeline_id", "not_found", "is not a pipeline of this workspace"});
    for (const char* key : {"from_stage_id", "to_stage_id"})
      if (rule.trigger.contains(key) &&
          !exists(c, "SELECT id FROM pipeline_stages WHERE workspace_id = ? AND id = ?", rule.workspace_id, json_field::text(rule.trigger, key)))
        errors.push_back({std::string("trigger.") + key, "not_found", "is not a stage of this workspace"});
  }
  if (type == "date_relative" && !date_field(spec, defs, json_field::text(rule.trigger, "field")))
    errors.push_back({"trigger.field", "type", "is not a date or date-time field of " + spec.object + " (custom date fields as custom.<name>)"});
  if (type == "lead_converted" && spec.object != "leads")
    errors.push_back({"trigger.type", "object", "lead_converted applies to rules on leads only"});
  if (type == "form_submitted") {
    if (spec.object != "leads" && spec.object != "contacts")
      errors.push_back({"trigger.type", "object", "form_submitted applies to rules on leads or contacts only"});
    if (rule.trigger.contains("form_id") &&
        !exists(c, "SELECT id FROM forms WHERE workspace_id = ? AND id = ?", rule.workspace_id, json_field::text(rule.trigger, "form_id")))
      errors.push_back({"trigger.form_id", "not_found", "is not a form of this workspace"});
  }
  if ((type == "sla_warning" || type == "sla_breached" || type == "reply_bounced") && spec.object != "tickets")
    errors.push_back({"trigger.type", "object", type + " applies to rules on tickets only"});
}

void check_conditions(const records::ObjectSpec& spec, const std::vector<records::CustomFieldDef>& defs, const Rule& rule,
                      std::vector<FieldError>& errors) {
  const bool updates = update_like(json_field::text(rule.trigger, "type"));
  for (std::size_t i = 0; i < rule.conditions.size(); ++i) {
    std::string path = "conditions.";
    path += std::to_string(i);
    const json::object& cond = rule.conditions[i].as_object();
    const std::string op = json_field::text(cond, "op"), field = json_field::text(cond, "field");
    if (is_changed_op(op)) {
      if (!updates)
        errors.push_back({path + ".op", "trigger", "\"" + op + "\" applies only to record_updated and field_changed triggers"});
      if (!is_field(spec, defs, field)) errors.push_back({path + ".field", "unknown", "is not a field of " + spec.object});
      if (op != "changed" && !cond.contains("value")) errors.push_back({path + ".value", "required", "is required by " + op});
      continue;
    }
    if (auto st = records::check_filters(spec, defs, {records::to_filter(cond)}); !st) errors.push_back({path, "filter", st.problem().detail});
  }
}

}  // namespace

std::vector<FieldError> check_rule(db::Connection& c, const CheckDeps& deps, const identity::Context& author, Rule& rule) {
  std::vector<FieldError> errors;
  const records::ObjectSpec* spec = spec_of(deps.specs, rule.object_type);
  if (!spec) {
    errors.push_back({"object_type", "enum", "is not a record object of this server"});
    return errors;
  }
  const auto defs = records::load_custom_fields(c, rule.workspace_id, spec->object);
  check_trigger(c, *spec, defs, rule, errors);
  check_conditions(*spec, defs, rule, errors);
  for (std::size_t i = 0; i < rule.actions.size(); ++i) {
    json::object& params = rule.actions[i].as_object();
    const Action* action = find_action(params.at("type").as_string());
    std::string path = "actions.";
    path += std::to_string(i);
    CheckEnv env{.c = c, .author = author, .spec = *spec, .custom_defs = defs, .allow = deps.allow, .resolver = deps.resolver,
                 .path = path, .errors = errors};
    action->check(env, params);
  }
  return errors;
}

}  // namespace rapport::automation
