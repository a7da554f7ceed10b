// The schemas of a ticket's messages (modules/support/messages.*), its `sla` and the SLA's
// configuration (business hours, SLA policies); tickets themselves come from their record spec.
#include "app/openapi_schema.hpp"
#include "modules/email/email_record.hpp"
#include "modules/email/template_engine.hpp"
#include "modules/support/assignment.hpp"
#include "modules/support/business_hours.hpp"
#include "modules/support/macro.hpp"
#include "modules/support/mailboxes.hpp"
#include "modules/support/messages.hpp"
#include "modules/support/sla_clock.hpp"
#include "modules/support/sla_policy.hpp"
#include "modules/support/specs.hpp"
#include "modules/support/web_forms.hpp"

namespace rapport::app {
namespace json = boost::json;

namespace {

json::object uuid() { return {{"type", "string"}, {"format", "uuid"}}; }
json::object date_time() { return {{"type", "string"}, {"format", "date-time"}}; }
json::object nullable_date_time() { return {{"type", json::array{"string", "null"}}, {"format", "date-time"}}; }
json::object count(int64_t min, int64_t max) { return {{"type", "integer"}, {"minimum", min}, {"maximum", max}}; }
json::object enum_of(json::array values) { return {{"type", "string"}, {"enum", std::move(values)}}; }

// The input of a configuration object: `props` with `required` on create (<name>Input), none on
// change (<name>Patch), both strict; and its list.
void add_config(json::object& schemas, const std::string& name, json::object item, const json::object& props,
                const json::array& required) {
  schemas[name] = std::move(item);
  schemas[name + "List"] = obj({{"data", array_of(ref(name))}}, {"data"});
  json::object input = obj(props, required);
  input["additionalProperties"] = false;
  schemas[name + "Input"] = input;
  json::object patch = obj(props);
  patch["additionalProperties"] = false;
  patch["description"] = "The parts to change";
  schemas[name + "Patch"] = patch;
}

void add_sla_schemas(json::object& schemas) {
  using namespace support;
  const json::object bookkeeping{{"id", uuid()}, {"created_at", date_time()}, {"updated_at", date_time()}, {"version", count(1, INT64_MAX)}};
  auto with_bookkeeping = [&](json::object props) {
    for (const auto& kv : bookkeeping) props[kv.key()] = kv.value();
    return props;
  };

  // Business hours (calendar_input.hpp).
  json::object hours = obj({{"open", described(str(), "HH:MM, 00:00 to 23:59")}, {"close", described(str(), "HH:MM, 00:00 to 24:00; at or before open: overnight")}},
                           {"open", "close"});
  hours["additionalProperties"] = false;
  json::object day = array_of(hours);
  day["maxItems"] = static_cast<int64_t>(kMaxIntervalsPerDay);
  json::object week_props;
  for (const char* d : {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}) week_props[d] = day;
  json::object week = obj(week_props);
  week["additionalProperties"] = false;
  week["description"] = "Opening hours per weekday in the calendar's zone; a day left out is closed";
  json::object holidays = array_of(json::object{{"type", "string"}, {"format", "date"}});
  holidays["maxItems"] = static_cast<int64_t>(kMaxHolidays);
  holidays["description"] = "Closed local dates";
  json::object bh{{"name", json::object{{"type", "string"}, {"minLength", 1}, {"maxLength", static_cast<int64_t>(kMaxCalendarName)}}},
                  {"time_zone", described(str(), "An IANA time zone name, e.g. Europe/Berlin")},
                  {"week", week},
                  {"holidays", holidays},
                  {"team_id", described(nstr(), "The team whose tickets it times (one calendar per team)")},
                  {"is_default", described(boolean(), "The calendar of tickets whose team has none")}};
  add_config(schemas, "BusinessHours",
             obj(with_bookkeeping(bh), {"id", "name", "time_zone", "week", "holidays", "team_id", "is_default", "created_at", "updated_at", "version"}),
             bh, {"name", "time_zone", "week"});

  // SLA policies (sla_policy.hpp).
  json::array priorities, targets;
  for (const char* p : kPriorities) priorities.emplace_back(p);
  for (const char* t : kSlaTargets) targets.emplace_back(t);
  auto list_of = [](json::object items) {
    json::object a = array_of(std::move(items));
    a["maxItems"] = static_cast<int64_t>(kMaxConditionValues);
    return a;
  };
  json::object conditions = obj({{"priority", list_of(enum_of(priorities))},
                                 {"company_id", list_of(uuid())},
                                 {"tags", list_of(json::object{{"type", "string"}, {"minLength", 1}, {"maxLength", static_cast<int64_t>(kMaxTagLength)}})}});
  conditions["additionalProperties"] = false;
  conditions["description"] = "Every kind given must hold: priority in the list, company_id in the list, the ticket's tags holding any of the list";
  json::object per_priority;
  for (const char* p : kPriorities) per_priority[p] = count(1, kMaxTargetMinutes);
  json::object per = obj(per_priority);
  per["additionalProperties"] = false;
  json::object minutes{{"oneOf", json::array{count(1, kMaxTargetMinutes), per}},
                       {"description", "Minutes of the clock, for every priority or per priority"}};
  json::object target_props;
  for (const char* t : kSlaTargets) target_props[t] = minutes;
  json::object target_set = obj(target_props);
  target_set["additionalProperties"] = false;
  target_set["minProperties"] = 1;
  json::object pause = array_of(enum_of({"new", "open", "pending", "on_hold"}));
  pause["description"] = "Statuses that stop the clock (default pending, on_hold); solved and closed always do";
  json::object warning{{"oneOf", json::array{obj({{"percent", count(1, 99)}}, {"percent"}), obj({{"minutes_before", count(1, kMaxTargetMinutes)}}, {"minutes_before"}),
                                             json::object{{"type", "null"}}}},
                       {"description", "When ticket.sla_warning comes: at percent of a target's time, or minutes before its due time; null: never (default percent 80)"}};
  json::object sp{{"name", json::object{{"type", "string"}, {"minLength", 1}, {"maxLength", static_cast<int64_t>(kMaxPolicyName)}}},
                  {"position", described(count(0, kMaxPosition), "Order of evaluation (lowest first); default: after the others")},
                  {"conditions", conditions},
                  {"targets", target_set},
                  {"business_hours_id", json::object{{"type", json::array{"string", "null"}}, {"format", "uuid"},
                                                     {"description", "The calendar; null: the ticket's team's, else the default"}}},
                  {"calendar_time", described(boolean(), "Count round the clock (no business hours)")},
                  {"pause_statuses", pause},
                  {"warning", warning}};
  add_config(schemas, "SlaPolicy",
             obj(with_bookkeeping(sp), {"id", "name", "position", "conditions", "targets", "business_hours_id", "calendar_time", "pause_statuses",
                                        "warning", "created_at", "updated_at", "version"}),
             sp, {"name", "targets"});

  // A ticket's `sla` (ticket_sla.hpp).
  json::object target = obj({{"due_at", described(nullable_date_time(), "null while the clock is stopped")},
                             {"warn_at", nullable_date_time()},
                             {"met_at", nullable_date_time()},
                             {"breached", described(boolean(), "Met after its due time, or open past it")},
                             {"paused", boolean()}},
                            {"due_at", "warn_at", "met_at", "breached", "paused"});
  json::object sla_props{{"policy_id", uuid()}};
  for (const char* t : kSlaTargets) sla_props[t] = target;
  json::object sla = obj(sla_props, {"policy_id"});
  sla["type"] = json::array{"object", "null"};
  sla["description"] = "The ticket's SLA under its policy (null: no policy applies); a target the policy does not set is absent";
  schemas["TicketSla"] = sla;
  if (auto* ticket = schemas.if_contains("Ticket"))
    if (auto* props = ticket->as_object().if_contains("properties")) props->as_object()["sla"] = ref("TicketSla");
}

json::object text(std::size_t max, std::size_t min = 0) {
  return {{"type", "string"}, {"minLength", static_cast<int64_t>(min)}, {"maxLength", static_cast<int64_t>(max)}};
}

void add_web_form_schemas(json::object& schemas) {
  const json::object priority{{"type", "string"}, {"enum", json::array{"low", "normal", "high", "urgent"}}};
  const json::object origins = described(array_of(described(str(), "A scheme and a host: https://help.example.com")),
                                         "Sites whose scripts may read the form's answers (at most 20); when any are "
                                         "listed, posts from other sites are refused (403)");
  json::object form = obj({{"id", json::object{{"type", "string"}, {"format", "uuid"}}},
                           {"name", str()},
                           {"key", described(str(), "The form's public key (rwf_...), in its submit URL")},
                           {"team_id", described(nstr(), "The team (queue) its tickets go to")},
                           {"priority", described(priority, "The priority of its tickets")},
                           {"allowed_origins", origins},
                           {"redirect_url", described(nstr(), "Where a browser goes after sending the form (303)")},
                           {"enabled", boolean()},
                           {"confirm_email", described(boolean(), "Email the requester a confirmation (\"We got your request #N\") "
                                                                  "when the workspace sends email; its answer joins the ticket")},
                           {"submissions", described(json::object{{"type", "integer"}}, "Tickets opened through it")},
                           {"spam_caught", described(json::object{{"type", "integer"}}, "Submissions the honeypot dropped")},
                           {"created_at", json::object{{"type", "string"}, {"format", "date-time"}}},
                           {"updated_at", json::object{{"type", "string"}, {"format", "date-time"}}},
                           {"submit_url", described(str(), "POST /api/v1/public/web-forms/{key} on this server")},
                           {"embed_html", described(str(), "A <form> to paste into a page: no script, honeypot included")}},
                          {"id", "name", "key", "team_id", "priority", "allowed_origins", "redirect_url", "enabled", "confirm_email", "submissions",
                           "spam_caught", "created_at", "updated_at", "submit_url", "embed_html"});
  form["additionalProperties"] = false;
  schemas["WebForm"] = form;
  schemas["WebFormList"] = obj({{"data", array_of(ref("WebForm"))}}, {"data"});
  json::object input = obj({{"name", text(100, 1)},
                            {"team_id", described(nstr(), "A team of the workspace, or null")},
                            {"priority", priority},
                            {"allowed_origins", origins},
                            {"redirect_url", described(nstr(), "An absolute http or https URL, or null")},
                            {"enabled", boolean()},
                            {"confirm_email", described(boolean(), "Default true")}});
  input["additionalProperties"] = false;
  input["description"] = "name is required when making a form; a change names only what changes";
  schemas["WebFormInput"] = input;
  schemas["WebFormSubmission"] = obj({{"name", text(200)},
                                      {"email", described(text(254, 1), "The requester's address: their contact, or a new one")},
                                      {"subject", text(255, 1)},
                                      {"message", text(support::kMaxSubmissionMessage, 1)},
                                      {"website", described(str(), "The honeypot: left empty by people")}},
                                     {"email", "subject", "message"});
  schemas["WebFormReceipt"] = obj({{"received", boolean()}}, {"received"});
}

// Macros (modules/support/macro*): the macro, its changes, and what applying one answers.
void add_macro_schemas(json::object& schemas, const json::object& kind) {
  const json::object uuid{{"type", "string"}, {"format", "uuid"}};
  const json::object dt{{"type", "string"}, {"format", "date-time"}};
  json::object tags = array_of(json::object{{"type", "string"}, {"minLength", 1}, {"maxLength", records::kMaxTagChars}});
  tags["maxItems"] = records::kMaxTags;
  const auto& status = support::ticket_spec().field("status")->options;
  const auto& priority = support::ticket_spec().field("priority")->options;
  schemas["MacroChanges"] = closed(obj({{"status", json::object{{"type", "string"}, {"enum", text_values(status)}}},
                                        {"priority", json::object{{"type", "string"}, {"enum", text_values(priority)}}},
                                        {"assignee_id", described(json::object{{"type", json::array{"string", "null"}}, {"format", "uuid"}},
                                                                  "A user who can sign in; null unassigns")},
                                        {"team_id", uuid},
                                        {"add_tags", described(tags, "Added to the ticket's tags (regardless of case)")},
                                        {"remove_tags", described(tags, "Removed from the ticket's tags (regardless of case)")}}));
  const json::object name{{"type", "string"}, {"minLength", 1}, {"maxLength", static_cast<int64_t>(support::kMaxMacroNameChars)}};
  const json::object body = described(json::object{{"type", "string"}, {"maxLength", static_cast<int64_t>(email::kMaxTemplateBytes)}},
                                      "The message with merge fields {{ticket.<field>}}, {{contact.<field>}}, {{company.<field>}}; "
                                      "empty: the macro posts no message");
  schemas["Macro"] = closed(obj({{"id", uuid},
                                 {"name", name},
                                 {"kind", kind},
                                 {"body", body},
                                 {"changes", ref("MacroChanges")},
                                 {"shared", described(boolean(), "Shared by the workspace (admins change it); else personal")},
                                 {"owner_id", described(json::object{{"type", json::array{"string", "null"}}, {"format", "uuid"}},
                                                        "The owner of a personal macro; null when shared")},
                                 {"version", json::object{{"type", "integer"}, {"minimum", 1}}},
                                 {"created_by", str()},
                                 {"created_at", dt},
                                 {"updated_at", dt}},
                                {"id", "name", "kind", "body", "changes", "shared", "owner_id", "version", "created_by", "created_at",
                                 "updated_at"}));
  schemas["MacroList"] = obj({{"data", array_of(ref("Macro"))}}, {"data"});
  json::object input_props{{"name", name}, {"kind", kind}, {"body", body}, {"changes", ref("MacroChanges")},
                           {"shared", described(boolean(), "true: shared by the workspace (admins only); default false")}};
  schemas["MacroInput"] = closed(obj(input_props, {"name", "kind"}));
  schemas["MacroPatch"] = closed(obj(input_props));
  const json::object nuuid{{"type", json::array{"string", "null"}}, {"format", "uuid"}};
  const json::object cap{{"type", json::array{"integer", "null"}}, {"minimum", 1}, {"maximum", support::kMaxOpenCap}};
  schemas["TeamAssignment"] = closed(obj({{"team_id", uuid},
                                          {"round_robin", boolean()},
                                          {"skip_away", boolean()},
                                          {"max_open", described(cap, "Open tickets per member beyond which they are passed over; null: no cap")},
                                          {"last_assignee_id", described(nuuid, "The member who got the last ticket")},
                                          {"updated_at", described(json::object{{"type", json::array{"string", "null"}}, {"format", "date-time"}},
                                                                   "null until an admin sets it")},
                                          {"away_member_ids", described(array_of(uuid), "The team's members marked away (PUT /api/v1/me/availability)")}},
                                         {"team_id", "round_robin", "skip_away", "max_open", "last_assignee_id", "updated_at", "away_member_ids"}));
  schemas["TeamAssignmentInput"] = closed(obj({{"round_robin", boolean()}, {"skip_away", boolean()}, {"max_open", cap}}, {"round_robin"}));
  schemas["Availability"] = closed(obj({{"away", boolean()}}, {"away"}));
  schemas["ApplyMacroInput"] = closed(obj({{"macro_id", uuid}}, {"macro_id"}));
  schemas["AppliedMacro"] = closed(obj({{"ticket", ref("Ticket")},
                                        {"message", json::object{{"anyOf", json::array{ref("TicketMessage"), json::object{{"type", "null"}}}},
                                                                 {"description", "The message posted; null for a macro without a body"}}}},
                                       {"ticket", "message"}));
}

}  // namespace

void add_support_schemas(json::object& schemas) {
  const json::object kind{{"type", "string"}, {"enum", json::array{"reply", "note"}},
                          {"description", "reply: for the requester; note: internal, never sent"}};
  const json::object nuuid{{"type", json::array{"string", "null"}}, {"format", "uuid"}};
  json::object message = obj({{"id", json::object{{"type", "string"}, {"format", "uuid"}}},
                              {"kind", json::object{{"type", "string"}, {"enum", json::array{"reply", "note", "customer"}},
                                                    {"description", "reply: for the requester; note: internal, never sent; "
                                                                    "customer: an email from outside joined to the ticket"}}},
                              {"body", str()},
                              {"author_id", described(nstr(), "The user who wrote it (null for a customer's email, or an API key without a user)")},
                              {"created_at", json::object{{"type", "string"}, {"format", "date-time"}}},
                              {"email_id", described(nuuid, "A reply emailed to the requester: its email (GET /api/v1/emails/{id})")},
                              {"received_email_id", described(nuuid, "A customer message: the email it came as (GET /api/v1/emails/{id})")},
                              {"attachments", described(array_of(ref("EmailAttachment")),
                                                        "The files of its email (GET /api/v1/attachments/{id})")},
                              {"delivery", json::object{
                                               {"anyOf", json::array{closed(obj({{"state", json::object{{"type", "string"},
                                                                                                        {"enum", json::array{"queued", "sent", "failed", "bounced"}}}},
                                                                                 {"reason", described(nstr(), "Why the last attempt failed, or why it bounced")}},
                                                                                {"state", "reason"})),
                                                                     json::object{{"type", "null"}}}},
                                               {"description", "An emailed reply: how its email stands now (bounced: sent, then a "
                                                               "delivery report came back; the ticket gets a note saying why); null "
                                                               "for a message that was not emailed"}}}},
                             {"id", "kind", "body", "author_id", "created_at", "email_id", "received_email_id", "attachments", "delivery"});
  message["additionalProperties"] = false;
  schemas["TicketMessage"] = message;
  schemas["TicketMessagePage"] = page_of("TicketMessage");
  json::object input = obj({{"kind", kind},
                            {"body", json::object{{"type", "string"}, {"minLength", 1},
                                                  {"maxLength", static_cast<int64_t>(support::kMaxMessageBody)}}},
                            {"after_message_id", described(nuuid, "The newest message you saw (null: none); 409 when there is a newer one")},
                            {"attachment_ids", described(json::object{{"type", "array"}, {"maxItems", static_cast<int64_t>(email::kMaxOutboundAttachments)},
                                                                      {"items", json::object{{"type", "string"}, {"format", "uuid"}}}},
                                                         "Your uploads (POST /api/v1/attachments) not sent nor attached yet: an emailed reply's files, or a note's (never emailed)")}},
                           {"kind", "body"});
  input["additionalProperties"] = false;
  schemas["TicketMessageInput"] = input;

  json::object mailbox = obj({{"address", json::object{{"type", "string"}, {"maxLength", 254}}},
                              {"team_id", described(nstr(), "The team whose queue its tickets go to (null: none)")}},
                             {"address"});
  mailbox["additionalProperties"] = false;
  json::object mailboxes = obj({{"mailboxes", json::object{{"type", "array"}, {"maxItems", static_cast<int64_t>(support::kMaxMailboxes)},
                                                           {"items", mailbox}}}},
                               {"mailboxes"});
  mailboxes["additionalProperties"] = false;
  schemas["SupportMailboxes"] = mailboxes;

  const json::object nint{{"type", json::array{"integer", "null"}}};
  json::object outcome = obj({{"outcome", json::object{{"type", "string"},
                                                       {"enum", json::array{"created", "joined", "follow_up", "ignored", "redelivered", "bounced"}},
                                                       {"description", "created: a new ticket; joined: added to the ticket its headers or "
                                                                       "subject named; follow_up: that ticket was closed, so a follow-up "
                                                                       "was opened; ignored: machine-made mail or a loop (reason); "
                                                                       "redelivered: stored before (the ticket it went to then); bounced: a "
                                                                       "delivery report returning a reply of the ticket, which "
                                                                       "got a note saying why (message_id, reason)"}}},
                              {"ticket_id", nuuid},
                              {"number", nint},
                              {"message_id", described(nuuid, "The ticket message it became")},
                              {"reason", described(nstr(), "Why it was ignored, or why the reply bounced")}},
                             {"outcome", "ticket_id", "number", "message_id", "reason"});
  outcome["additionalProperties"] = false;
  schemas["InboundTicket"] = outcome;
  add_sla_schemas(schemas);
  add_web_form_schemas(schemas);
  schemas["SupportSettings"] =
      obj({{"satisfaction_survey", described(boolean(), "Solved tickets' requesters get a link to rate the help they got")},
           {"updated_at", described(nstr(), "When an admin last changed them (null: never)")}},
          {"satisfaction_survey", "updated_at"});
  json::object settings_input = obj({{"satisfaction_survey", boolean()}}, {"satisfaction_survey"});
  settings_input["additionalProperties"] = false;
  schemas["SupportSettingsInput"] = settings_input;
  add_macro_schemas(schemas, kind);
  add_support_report_schema(schemas);
}

}  // namespace rapport::app
