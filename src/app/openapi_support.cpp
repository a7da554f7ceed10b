// The schemas of a ticket's messages (modules/support/messages.*); tickets themselves come from
// their record spec.
#include "app/openapi_schema.hpp"
#include "modules/email/email_record.hpp"
#include "modules/support/mailboxes.hpp"
#include "modules/support/messages.hpp"

namespace rapport::app {
namespace json = boost::json;

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
                                                        "The files of its email (GET /api/v1/attachments/{id})")}},
                             {"id", "kind", "body", "author_id", "created_at", "email_id", "received_email_id", "attachments"});
  message["additionalProperties"] = false;
  schemas["TicketMessage"] = message;
  schemas["TicketMessagePage"] = page_of("TicketMessage");
  json::object input = obj({{"kind", kind},
                            {"body", json::object{{"type", "string"}, {"minLength", 1},
                                                  {"maxLength", static_cast<int64_t>(support::kMaxMessageBody)}}},
                            {"after_message_id", described(nuuid, "The newest message you saw (null: none); 409 when there is a newer one")},
                            {"attachment_ids", described(json::object{{"type", "array"}, {"maxItems", static_cast<int64_t>(email::kMaxOutboundAttachments)},
                                                                      {"items", json::object{{"type", "string"}, {"format", "uuid"}}}},
                                                         "A reply's files: your uploads (POST /api/v1/attachments) not sent yet")}},
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
                                                       {"enum", json::array{"created", "joined", "follow_up", "ignored", "redelivered"}},
                                                       {"description", "created: a new ticket; joined: added to the ticket its headers or "
                                                                       "subject named; follow_up: that ticket was closed, so a follow-up "
                                                                       "was opened; ignored: machine-made mail or a loop (reason); "
                                                                       "redelivered: stored before (the ticket it went to then)"}}},
                              {"ticket_id", nuuid},
                              {"number", nint},
                              {"message_id", described(nuuid, "The ticket message it became")},
                              {"reason", described(nstr(), "Why it was ignored")}},
                             {"outcome", "ticket_id", "number", "message_id", "reason"});
  outcome["additionalProperties"] = false;
  schemas["InboundTicket"] = outcome;
}

}  // namespace rapport::app
