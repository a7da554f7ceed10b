// Automation rules (modules/automation): the schemas of the routes, the rule body included (its
// triggers, conditions and each action kind).
#include "app/openapi_schema.hpp"
#include "modules/automation/actions.hpp"
#include "modules/automation/date_window.hpp"
#include "modules/automation/rule.hpp"
#include "modules/automation/triggers.hpp"
#include "platform/jobs/cron.hpp"
#include "platform/net/url_check.hpp"
#include "platform/records/list_query.hpp"

namespace rapport::app {
namespace json = boost::json;

namespace {

json::object text(int64_t max, std::string description = {}) {
  json::object o{{"type", "string"}, {"minLength", 1}, {"maxLength", max}};
  if (!description.empty()) o["description"] = std::move(description);
  return o;
}

json::object scalar() {
  return json::object{{"type", json::array{"string", "number", "boolean"}}};
}

json::object trigger_schema() {
  json::array types;
  for (const auto& t : automation::trigger_types()) types.push_back(json::value(t));
  json::object t = obj({{"type", json::object{{"type", "string"}, {"enum", types}}},
                        {"field", text(100, "field_changed: the field (custom.<name> for a custom field); date_relative: "
                                           "a date or date-time field of the object (custom date fields too)")},
                        {"offset_days", json::object{{"type", "integer"}, {"minimum", -automation::kMaxOffsetDays},
                                                     {"maximum", automation::kMaxOffsetDays},
                                                     {"description", "date_relative: days after (negative: before) the date"}}},
                        {"cron", text(static_cast<int64_t>(jobs::kMaxCronBytes),
                                      "schedule: five-field cron (minute hour day month weekday, e.g. 0 9 * * MON-FRI) on "
                                      "the workspace's clock")},
                        {"at", json::object{{"type", "string"}, {"pattern", "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
                                            {"description", "date_relative: HH:MM on the workspace's clock (its time zone)"}}},
                        {"from", described(scalar(), "field_changed: only a change from this value")},
                        {"to", described(scalar(), "field_changed: only a change to this value")},
                        {"pipeline_id", text(100, "stage_changed: only deals of this pipeline")},
                        {"from_stage_id", text(100, "stage_changed: only moves out of this stage")},
                        {"to_stage_id", text(100, "stage_changed: only moves into this stage")},
                        {"form_id", text(100, "form_submitted: only submissions of this form")}},
                       {"type"});
  t["additionalProperties"] = false;
  t["description"] =
      "What starts the rule: record_created, record_updated, record_deleted, record_restored (the object's events), "
      "field_changed (an update changing `field`, optionally from/to a value), stage_changed (deals), lead_converted "
      "(leads), form_submitted (leads or contacts: a lead capture form's submission created or updated the record; "
      "optionally of `form_id`), sla_warning and sla_breached (tickets: the SLA scan's ticket.sla_warning and ticket.sla_breached), reply_bounced (tickets: ticket.reply_bounced, a public reply's email bounced), date_relative (at `at` on the workspace's clock, `offset_days` from the date in `field`; a scan every "
      "5 minutes starts one run per record and date value, so a date moved later fires again), schedule (each period "
      "of `cron`, a run for every record matching the conditions, at most 500 per period).";
  return t;
}

json::object condition_schema() {
  json::array ops = text_values(records::filter_operators());
  for (const char* op : {"changed", "changed_from", "changed_to"}) ops.push_back(json::value(op));
  json::object c = obj({{"field", text(100, "A field as list filters name it: status, custom.budget")},
                        {"op", json::object{{"type", "string"}, {"enum", ops}}},
                        {"value", described(json::object{{"type", json::array{"string", "number", "boolean", "array"}}},
                                            "As filter[field][op]=value takes it (an array for in); changed_from and "
                                            "changed_to compare it with the value before or after the change")}},
                       {"field", "op"});
  c["additionalProperties"] = false;
  c["description"] =
      "The list filter language (the same fields, operators, value rules and errors as filter[field][op]=value on the "
      "object's list), evaluated on the record when the rule runs; changed, changed_from and changed_to look at the "
      "event's changes and apply to record_updated and field_changed triggers only.";
  return c;
}

json::object action(const char* type, json::object props, json::array required, const char* description) {
  props["type"] = json::object{{"type", "string"}, {"const", type}};
  required.push_back("type");
  json::object a = obj(std::move(props), std::move(required));
  a["additionalProperties"] = false;
  a["description"] = description;
  return a;
}

json::object action_schema() {
  json::array kinds{
      action("update_fields", {{"fields", json::object{{"type", "object"}, {"minProperties", 1}}}}, {"fields"},
             "Sets fields of the record: a PATCH body of the object (custom fields under \"custom\"), validated at "
             "creation by the object's own rules (a bad value is a 422 naming actions.<i>.fields.<name>)"),
      action("assign_owner",
             {{"user_id", text(100)}, {"team_id", text(100)},
              {"mode", json::object{{"type", "string"}, {"enum", json::array{"round_robin"}}}}},
             {}, "Gives the record to user_id, or in turn to the active members of team_id (mode round_robin)"),
      action("assign_round_robin", {{"team_id", text(100, "A team of the workspace (checked when the rule is saved)")}},
             {"team_id"},
             "Rules on tickets: sets assignee_id to the team's next agent by its round robin (PUT "
             "/api/v1/teams/{id}/assignment: agents marked away skipped when the team says so, its cap of open tickets), "
             "taking the same turn as the team's new tickets; fails (409 in the run log) when no agent is eligible"),
      action("create_task",
             {{"title", text(255)},
              {"due_in_days", json::object{{"type", "integer"}, {"minimum", 0}, {"maximum", 3650}}},
              {"assignee", text(100, "\"owner\" (the record's owner, the default) or a user id")}},
             {"title"}, "Creates a task linked to the record"),
      action("create_activity",
             {{"kind", json::object{{"type", "string"}, {"enum", json::array{"note", "call", "meeting", "email"}}}},
              {"subject", text(255)}, {"body", text(100000)}},
             {"kind", "subject"}, "Logs an activity linked to the record, happening now"),
      action("move_deal", {{"stage_id", text(100)}}, {"stage_id"}, "Moves the deal to a stage (rules on deals)"),
      action("add_tag", {{"field", text(100, "custom.<name> of a multi_select custom field")}, {"value", text(255)}},
             {"field", "value"}, "Adds one option to a multi_select custom field"),
      action("call_webhook", {{"url", text(static_cast<int64_t>(net::kMaxUrlLength))}}, {"url"},
             "POSTs {type, rule_id, object_type, record} as JSON to the URL (checked like a webhook's: public "
             "addresses or the operator's allow-list; 5 s connect, 15 s total, 1 KB of the answer read)"),
      action("send_email",
             {{"template_id", text(64, "An email template (GET /api/v1/email-templates) using only the rule's object's fields")},
              {"to", text(254, "An email address; default the record's own email (contacts, leads)")}},
             {"template_id"},
             "Sends the email template rendered with the record (an email.send job with retries, logged on the "
             "record's timeline), sent for the rule's author"),
  };
  return json::object{{"oneOf", std::move(kinds)}};
}

}  // namespace

void add_automation_schemas(json::object& schemas) {
  using namespace automation;
  json::object uuid{{"type", "string"}, {"format", "uuid"}};
  json::object dt{{"type", "string"}, {"format", "date-time"}};
  json::object ndt{{"type", json::array{"string", "null"}}, {"format", "date-time"}};
  json::object conditions = array_of(ref("AutomationCondition"));
  conditions["maxItems"] = static_cast<int64_t>(kMaxConditions);
  json::object actions = array_of(ref("AutomationAction"));
  actions["minItems"] = 1;
  actions["maxItems"] = static_cast<int64_t>(kMaxActions);
  json::object definition{{"name", text(static_cast<int64_t>(kMaxNameChars))},
                          {"description", json::object{{"type", "string"}, {"maxLength", static_cast<int64_t>(kMaxDescriptionChars)}}},
                          {"enabled", described(boolean(), "Default true")},
                          {"object_type", json::object{{"type", "string"}, {"enum", text_values(object_types())}}},
                          {"trigger", ref("AutomationTrigger")},
                          {"conditions", conditions},
                          {"actions", actions}};
  schemas["AutomationTrigger"] = trigger_schema();
  schemas["AutomationCondition"] = condition_schema();
  schemas["AutomationAction"] = action_schema();

  json::object props = definition;
  props["id"] = uuid;
  props["paused_reason"] = described(nstr(), "Why the server paused it (it ran too often on one record); null otherwise");
  props["created_by"] = uuid;
  props["created_at"] = dt;
  props["updated_at"] = dt;
  props["version"] = described(json::object{{"type", "integer"}, {"minimum", 1}}, "Every change makes a new version");
  schemas["Automation"] = obj(props, {"id", "name", "description", "enabled", "object_type", "trigger", "conditions",
                                      "actions", "paused_reason", "created_by", "created_at", "updated_at", "version"});
  schemas["AutomationList"] = obj({{"data", array_of(ref("Automation"))}}, {"data"});
  json::object input = obj(definition, {"name", "object_type", "trigger", "actions"});
  input["additionalProperties"] = false;
  schemas["AutomationInput"] = input;
  json::object patch = obj(definition);
  patch["additionalProperties"] = false;
  patch["description"] = "The parts to change; the rule after the change is checked whole";
  schemas["AutomationPatch"] = patch;

  json::object step = obj({{"index", json::object{{"type", "integer"}, {"minimum", 0}}},
                           {"type", str()},
                           {"status", json::object{{"type", "string"}, {"enum", json::array{"succeeded", "failed", "not_run"}}}},
                           {"detail", described(json::object{{"type", "object"}}, "What it did: changes, the activity, the request")},
                           {"error", str()},
                           {"errors", array_of(obj({{"field", str()}, {"message", str()}}))}},
                          {"index", "type", "status"});
  json::object nint{{"type", json::array{"integer", "null"}}};
  schemas["AutomationRun"] = obj(
      {{"id", uuid},
       {"rule_id", uuid},
       {"rule_version", json::object{{"type", "integer"}, {"minimum", 1}}},
       {"trigger_type", described(str(), "The event that started it, e.g. contact.updated")},
       {"event_id", described(nint, "The outbox event's id")},
       {"object_type", str()},
       {"record_id", str()},
       {"depth", described(json::object{{"type", "integer"}, {"minimum", 0}},
                           "How many automation runs led to the change that started it (0: a person's)")},
       {"status", json::object{{"type", "string"}, {"enum", json::array{"running", "succeeded", "failed", "skipped"}}}},
       {"reason", nstr()},
       {"steps", array_of(step)},
       {"job_id", nstr()},
       {"started_at", dt},
       {"finished_at", ndt}},
      {"id", "rule_id", "rule_version", "trigger_type", "event_id", "object_type", "record_id", "depth", "status", "reason",
       "steps", "job_id", "started_at", "finished_at"});
  schemas["AutomationRunPage"] = page_of("AutomationRun");
  json::object test_input = obj({{"record_id", text(100)}}, {"record_id"});
  test_input["additionalProperties"] = false;
  schemas["AutomationTestInput"] = test_input;
  json::object condition_result = obj({{"index", json::object{{"type", "integer"}}},
                                       {"field", str()},
                                       {"op", str()},
                                       {"met", json::object{{"type", json::array{"boolean", "null"}}}},
                                       {"note", str()},
                                       {"error", str()}},
                                      {"index", "field", "op", "met"});
  json::object action_result = obj({{"index", json::object{{"type", "integer"}}},
                                    {"type", str()},
                                    {"would", described(json::object{{"type", "object"}}, "What it would do")},
                                    {"error", described(str(), "Why it could not be planned (it would fail)")}},
                                   {"index", "type"});
  schemas["AutomationTestResult"] = obj({{"rule_id", uuid},
                                         {"rule_version", json::object{{"type", "integer"}}},
                                         {"record_id", str()},
                                         {"conditions_met", boolean()},
                                         {"conditions", array_of(condition_result)},
                                         {"actions", array_of(action_result)},
                                         {"dry_run", json::object{{"type", "boolean"}, {"const", true}}}},
                                        {"rule_id", "rule_version", "record_id", "conditions_met", "conditions", "actions",
                                         "dry_run"});
}

}  // namespace rapport::app
