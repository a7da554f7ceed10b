// The schemas of a ticket's messages (modules/support/messages.*); tickets themselves come from
// their record spec.
#include "app/openapi_schema.hpp"
#include "modules/support/messages.hpp"

namespace rapport::app {
namespace json = boost::json;

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
}

}  // namespace rapport::app
