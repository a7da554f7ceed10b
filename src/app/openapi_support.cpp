// The schemas of a ticket's messages (modules/support/messages.*); tickets themselves come from
// their record spec.
#include "app/openapi_schema.hpp"
#include "modules/support/messages.hpp"
#include "modules/support/web_forms.hpp"

namespace rapport::app {
namespace json = boost::json;

namespace {

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
                           {"submissions", described(json::object{{"type", "integer"}}, "Tickets opened through it")},
                           {"spam_caught", described(json::object{{"type", "integer"}}, "Submissions the honeypot dropped")},
                           {"created_at", json::object{{"type", "string"}, {"format", "date-time"}}},
                           {"updated_at", json::object{{"type", "string"}, {"format", "date-time"}}},
                           {"submit_url", described(str(), "POST /api/v1/public/web-forms/{key} on this server")},
                           {"embed_html", described(str(), "A <form> to paste into a page: no script, honeypot included")}},
                          {"id", "name", "key", "team_id", "priority", "allowed_origins", "redirect_url", "enabled", "submissions",
                           "spam_caught", "created_at", "updated_at", "submit_url", "embed_html"});
  form["additionalProperties"] = false;
  schemas["WebForm"] = form;
  schemas["WebFormList"] = obj({{"data", array_of(ref("WebForm"))}}, {"data"});
  json::object input = obj({{"name", text(100, 1)},
                            {"team_id", described(nstr(), "A team of the workspace, or null")},
                            {"priority", priority},
                            {"allowed_origins", origins},
                            {"redirect_url", described(nstr(), "An absolute http or https URL, or null")},
                            {"enabled", boolean()}});
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
  add_web_form_schemas(schemas);
  schemas["SupportSettings"] =
      obj({{"satisfaction_survey", described(boolean(), "Solved tickets' requesters get a link to rate the help they got")},
           {"updated_at", described(nstr(), "When an admin last changed them (null: never)")}},
          {"satisfaction_survey", "updated_at"});
  json::object settings_input = obj({{"satisfaction_survey", boolean()}}, {"satisfaction_survey"});
  settings_input["additionalProperties"] = false;
  schemas["SupportSettingsInput"] = settings_input;
}

}  // namespace rapport::app
