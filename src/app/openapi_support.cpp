// The schemas of a ticket's messages (modules/support/messages.*); tickets themselves come from
// their record spec.
#include "app/openapi_schema.hpp"
#include "modules/email/template_engine.hpp"
#include "modules/support/assignment.hpp"
#include "modules/support/macro.hpp"
#include "modules/support/messages.hpp"
#include "modules/support/specs.hpp"

namespace rapport::app {
namespace json = boost::json;

namespace {

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
                                                                   "null until an admin sets it")}},
                                         {"team_id", "round_robin", "skip_away", "max_open", "last_assignee_id", "updated_at"}));
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
  json::object message = obj({{"id", json::object{{"type", "string"}, {"format", "uuid"}}},
                              {"kind", kind},
                              {"body", str()},
                              {"author_id", described(nstr(), "The user who wrote it (null for an API key without a user)")},
                              {"created_at", json::object{{"type", "string"}, {"format", "date-time"}}},
                              {"email_id", described(json::object{{"type", json::array{"string", "null"}}, {"format", "uuid"}},
                                                     "A reply emailed to the requester: its email (GET /api/v1/emails/{id})")}},
                             {"id", "kind", "body", "author_id", "created_at", "email_id"});
  message["additionalProperties"] = false;
  schemas["TicketMessage"] = message;
  schemas["TicketMessagePage"] = page_of("TicketMessage");
  json::object input = obj({{"kind", kind},
                            {"body", json::object{{"type", "string"}, {"minLength", 1},
                                                  {"maxLength", static_cast<int64_t>(support::kMaxMessageBody)}}}},
                           {"kind", "body"});
  input["additionalProperties"] = false;
  schemas["TicketMessageInput"] = input;
  add_macro_schemas(schemas, kind);
}

}  // namespace rapport::app
