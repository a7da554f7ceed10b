#include "modules/support/web_form_confirmation.hpp"

#include "modules/email/email_store.hpp"
#include "modules/email/send_service.hpp"
#include "modules/support/message_store.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"

namespace rapport::support {
namespace json = boost::json;

Result<std::optional<std::string>> confirm_request(db::Connection& c, const identity::Context& ctx, const json::object& ticket,
                                                   const std::string& to, const std::string& name) {
  if (!email::store::find_settings(c, ctx.workspace_id)) return std::optional<std::string>();
  std::string number = "#";
  number += std::to_string(ticket.at("number").as_int64());
  const std::string subject(ticket.at("subject").as_string());
  email::SendRequest req;
  req.to = {to};
  // [#N] in the subject: an answer that loses its headers still finds the ticket by number.
  std::string line(1, '[');
  line += number;
  line += "] We got your request: ";
  line += subject;
  req.subject = std::move(line);
  // The first word of the name the person typed ("Ana Lima Souza": Ana).
  std::string body = "Hello";
  if (!name.empty()) {
    body += ' ';
    body += name.substr(0, name.find(' '));
  }
  body += ",\n\nWe got your request ";
  body += number;
  body += ", \"";
  body += subject;
  body += "\", and will answer you by email.\nTo add anything, reply to this email.\n";
  req.body = body;
  req.links = json::object{{"contact_id", ticket.at("requester_id")}};
  auto queued = email::queue_email(c, ctx, {}, req, {}, "");
  if (!queued) return queued.take_problem();
  store::Message m{.id = ids::uuid_v7(), .ticket_id = std::string(ticket.at("id").as_string()), .kind = "reply", .body = body};
  m.created_at = clock::now_text();
  m.email_id = queued->id;
  m.message_id = queued->message_id;
  store::insert_message(c, ctx.workspace_id, m);
  journal::audit(c, ctx, "tickets", m.ticket_id, "reply",
                 json::array{json::object{{"field", "message"}, {"before", nullptr}, {"after", m.id}}});
  return std::optional<std::string>(m.id);
}

}  // namespace rapport::support
