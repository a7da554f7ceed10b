#include "modules/support/inbound_tickets.hpp"

#include <memory>

#include "modules/email/delivery_status.hpp"
#include "modules/email/email_activity.hpp"
#include "modules/email/email_store.hpp"
#include "modules/support/follow_up.hpp"
#include "modules/support/mailboxes.hpp"
#include "modules/support/message_store.hpp"
#include "modules/support/messages.hpp"
#include "modules/support/ticket_sla.hpp"
#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/db/row_reader.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/service.hpp"
#include "platform/ascii.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

json::value answer(const std::string& outcome, const json::object* ticket, const std::string& message_id = "",
                   const std::string& reason = "") {
  return json::object{{"outcome", outcome},
                      {"ticket_id", ticket ? ticket->at("id") : json::value(nullptr)},
                      {"number", ticket ? ticket->at("number") : json::value(nullptr)},
                      {"message_id", message_id.empty() ? json::value(nullptr) : json::value(message_id)},
                      {"reason", reason.empty() ? json::value(nullptr) : json::value(reason)}};
}

using ascii::lower;

// Why the message must not make or join a ticket (a machine wrote it, or it comes from the desk
// itself), or empty.
std::string ignored_because(db::Connection& c, const std::string& workspace_id, const email::InboundMessage& m) {
  if (!m.automatic.empty()) return "automatic (" + m.automatic + ")";
  const std::string from = case_fold::key(m.from);
  for (const auto& box : find_mailboxes(c, workspace_id))
    if (case_fold::key(box.address) == from) return "a loop: sent by the support mailbox " + box.address;
  if (auto settings = email::store::find_settings(c, workspace_id); settings && case_fold::key(settings->sender) == from)
    return "a loop: sent by the workspace's own sender address";
  return {};
}

// The message's text for a ticket: its text part, cleaned as a Text field takes it and cut to a
// message's limit.
std::string body_of(const email::InboundMessage& m) {
  std::string text = email::printable(email::first_chars(m.text, kMaxMessageBody), true);
  if (text.find_first_not_of(" \r\n\t") == std::string::npos) return m.html.empty() ? "(no text)" : "(HTML only: see the email)";
  return text;
}

std::string subject_of(const email::InboundMessage& m) {
  std::string s = email::printable(email::first_chars(m.subject, 255), false);
  if (s.find_first_not_of(' ') == std::string::npos) return "(no subject)";
  return s;
}

struct Contact {
  std::string id;
  std::optional<std::string> company_id;  // a live company
};

std::optional<Contact> contact_of(db::Connection& c, const std::string& workspace_id, const std::string& address) {
  return db::first_row(c,
                       "SELECT c.id, co.id FROM contacts c LEFT JOIN companies co ON co.workspace_id = c.workspace_id AND "
                       "co.id = c.company_id AND co.deleted_at IS NULL WHERE c.workspace_id = ? AND c.email_key = ? AND "
                       "c.deleted_at IS NULL ORDER BY c.id LIMIT 1",
                       {workspace_id, case_fold::key(address)}, [](const db::Statement& st) {
                         db::RowReader r(st);
                         return Contact{.id = r.text(), .company_id = r.opt_text()};
                       });
}

// The live company whose domain is the address's, or nullopt.
std::optional<std::string> company_by_domain(db::Connection& c, const std::string& workspace_id, const std::string& address) {
  auto at = address.rfind('@');
  if (at == std::string::npos) return std::nullopt;
  auto id = c.scalar("SELECT id FROM companies WHERE workspace_id = ? AND domain = ? AND deleted_at IS NULL",
                     {workspace_id, lower(address.substr(at + 1))});
  if (auto* s = std::get_if<std::string>(&id)) return *s;
  return std::nullopt;
}

// The sender's contact, made from their address and display name ("Ada Lovelace": first and last
// name; one word: the last name) when the workspace has none.
Result<Contact> requester(db::Connection& c, const identity::Context& ctx, const records::Store& contacts,
                          const email::InboundMessage& m) {
  if (auto found = contact_of(c, ctx.workspace_id, m.from)) {
    if (!found->company_id) found->company_id = company_by_domain(c, ctx.workspace_id, m.from);
    return std::move(*found);
  }
  json::object body{{"email", m.from}};
  std::string name = email::printable(m.from_name, false);
  while (!name.empty() && (name.back() == ' ' || name.back() == '"' || name.back() == '\'')) name.pop_back();
  while (!name.empty() && (name.front() == ' ' || name.front() == '"' || name.front() == '\'')) name.erase(0, 1);
  if (!name.empty() && name.find('@') == std::string::npos) {
    auto space = name.rfind(' ');
    if (space != std::string::npos) body["first_name"] = email::first_chars(name.substr(0, space), 100);
    body["last_name"] = email::first_chars(space == std::string::npos ? name : name.substr(space + 1), 100);
  }
  auto company = company_by_domain(c, ctx.workspace_id, m.from);
  if (company) body["company_id"] = *company;
  auto made = records::insert_new(c, ctx, contacts, body);
  if (!made) return made.take_problem();
  return Contact{.id = std::string(made->at("id").as_string()), .company_id = company};
}

// The live ticket of this workspace numbered `number` whose requester is `contact`, or nullopt.
std::optional<std::string> ticket_numbered(db::Connection& c, const std::string& workspace_id, int64_t number, const std::string& contact) {
  auto id = c.scalar("SELECT id FROM tickets WHERE workspace_id = ? AND number = ? AND requester_id = ? AND deleted_at IS NULL",
                     {workspace_id, number, contact});
  if (auto* s = std::get_if<std::string>(&id)) return *s;
  return std::nullopt;
}

// The email as the ticket's message of kind customer, recorded in its history; a solved or pending
// ticket goes back to open.
Result<std::string> add_customer_message(db::Connection& c, const identity::Context& ctx, const json::object& ticket,
                                         const email::Email& stored, const email::InboundMessage& m) {
  store::Message msg{.id = ids::uuid_v7(), .ticket_id = std::string(ticket.at("id").as_string()), .kind = "customer", .body = body_of(m)};
  msg.created_at = clock::now_text();
  msg.received_email_id = stored.id;
  msg.message_id = m.message_id;
  store::insert_message(c, ctx.workspace_id, msg);
  const json::array entry{json::object{{"field", "message"}, {"before", nullptr}, {"after", msg.id}}};
  const auto& status = ticket.at("status");
  if (status == "solved" || status == "pending") {
    json::object after = ticket;
    after["status"] = "open";
    track_sla(c, ctx.workspace_id, after, clock::now_ms());  // the reopening ends the SLA's pause
    auto written = records::write_change(c, ctx, ticket_store(), ticket, std::move(after), "customer", entry);
    if (!written) return written.take_problem();
  } else {
    journal::audit(c, ctx, "tickets", msg.ticket_id, "customer", entry);
  }
  // The customer wrote: after the first response, a next response falls due.
  if (Status due = customer_replied(c, ctx, msg.ticket_id, clock::now_ms()); !due) return due.take_problem();
  return msg.id;
}

// Opens a ticket (a follow-up of `closed` when given) with the email as its first message.
Result<json::value> open_ticket(db::Connection& c, const identity::Context& ctx, const records::Store& contacts, const email::Email& stored,
                                const email::InboundMessage& m, const std::optional<Mailbox>& box, const json::object* closed) {
  json::object body;
  if (closed) {
    body = follow_up_body(*closed);
  } else {
    auto who = requester(c, ctx, contacts, m);
    if (!who) return who.take_problem();
    body = json::object{{"subject", subject_of(m)}, {"requester_id", who->id}};
    if (who->company_id) body["company_id"] = *who->company_id;
    // A mailbox's team deleted since it was named: the ticket goes to no team rather than failing.
    if (box && box->team_id &&
        !std::holds_alternative<std::nullptr_t>(c.scalar("SELECT 1 FROM teams WHERE workspace_id = ? AND id = ?", {ctx.workspace_id, *box->team_id})))
      body["team_id"] = *box->team_id;
  }
  body["channel"] = "email";
  body["description"] = body_of(m);
  auto ticket = records::insert_new(c, ctx, ticket_store(), body);
  if (!ticket) return ticket.take_problem();
  auto message = add_customer_message(c, ctx, *ticket, stored, m);
  if (!message) return message.take_problem();
  return answer(closed ? "follow_up" : "created", &*ticket, *message);
}

// A bounce of a reply emailed from a ticket: email has marked the reply's email bounced (its
// delivery reads so); the ticket gets an internal note saying why, without an author, holding the
// report as its received email (a redelivery finds it), and its history records it (action
// `bounce`); `ticket.reply_bounced` is emitted (webhooks, and automation rules on reply_bounced).
// Nothing else changes: the agent (or a rule) decides what to do next.
Result<json::value> note_bounce(db::Connection& c, const identity::Context& ctx, const store::SentReply& reply, const email::Email& stored,
                                const std::string& reason) {
  const auto ticket = ticket_store().find(c, ctx, reply.ticket_id);
  if (!ticket) return answer("ignored", nullptr, "", "a bounce of a reply on a deleted ticket");
  // "2026-12-04T10:00:00.000Z" read as "2026-12-04 10:00 UTC".
  std::string when = reply.created_at.substr(0, 16);
  if (when.size() > 10) when[10] = ' ';
  std::string body = "The reply of ";
  body += when;
  body += " UTC could not be delivered: ";
  body += email::first_chars(reason, 2000);
  store::Message note{.id = ids::uuid_v7(), .ticket_id = reply.ticket_id, .kind = "note", .body = std::move(body)};
  note.created_at = clock::now_text();
  note.received_email_id = stored.id;
  store::insert_message(c, ctx.workspace_id, note);
  journal::audit(c, ctx, "tickets", reply.ticket_id, "bounce",
                 json::array{json::object{{"field", "message"}, {"before", nullptr}, {"after", note.id}},
                             json::object{{"field", "bounced_message"}, {"before", nullptr}, {"after", reply.id}}});
  journal::emit(c, ctx, "ticket.reply_bounced", "tickets", reply.ticket_id,
                json::object{{"ticket_id", reply.ticket_id},
                             {"message_id", reply.id},
                             {"note_id", note.id},
                             {"reason", email::first_chars(reason, 2000)}});
  return answer("bounced", &*ticket, note.id, reason);
}

Result<json::value> on_inbound(db::Connection& c, const identity::Context& ctx, const records::Store& contacts, const email::Email& stored,
                               const email::InboundMessage& m, const std::optional<std::string>& envelope_to, bool redelivered) {
  if (redelivered) {
    auto id = store::ticket_of_received(c, ctx.workspace_id, stored.id);
    auto ticket = id ? ticket_store().find(c, ctx, *id) : std::nullopt;
    return ticket ? answer("redelivered", &*ticket) : json::value(nullptr);
  }
  if (m.report && !m.report->original_message_id.empty())
    if (auto reason = email::bounce_reason(*m.report))
      if (auto reply = store::reply_by_message_id(c, ctx.workspace_id, m.report->original_message_id))
        return note_bounce(c, ctx, *reply, stored, *reason);
  // The ticket the headers name, nearest first.
  std::vector<std::string> parents;
  if (m.in_reply_to) parents.push_back(*m.in_reply_to);
  for (auto it = m.references.rbegin(); it != m.references.rend(); ++it) parents.push_back(*it);
  auto named = store::ticket_by_message_ids(c, ctx.workspace_id, parents);
  std::vector<std::string> recipients = m.to;
  for (const auto* list : {&m.cc, &m.delivered_to}) recipients.insert(recipients.end(), list->begin(), list->end());
  if (envelope_to) recipients.push_back(*envelope_to);
  auto box = mailbox_for(c, ctx.workspace_id, recipients);
  if (!named && !box) return json::value(nullptr);  // not mail to support

  if (std::string why = ignored_because(c, ctx.workspace_id, m); !why.empty()) {
    journal::audit(c, ctx, "received_emails", stored.id, "support_ignored",
                   json::array{json::object{{"field", "support"}, {"before", nullptr}, {"after", why}}});
    return answer("ignored", nullptr, "", why);
  }
  if (!named)
    if (auto number = number_in_subject(m.subject))
      if (auto sender = contact_of(c, ctx.workspace_id, m.from)) named = ticket_numbered(c, ctx.workspace_id, *number, sender->id);
  std::optional<json::object> ticket;
  if (named) {
    // Two messages joining one ticket at once on PostgreSQL take turns (as replies do).
    if (c.dialect() == db::Dialect::Postgres)
      (void)c.scalar("SELECT id FROM tickets WHERE workspace_id = ? AND id = ? FOR UPDATE", {ctx.workspace_id, *named});
    ticket = ticket_store().find(c, ctx, *named);
  }
  if (!ticket) return open_ticket(c, ctx, contacts, stored, m, box, nullptr);
  if (ticket->at("status") == "closed") return open_ticket(c, ctx, contacts, stored, m, box, &*ticket);
  auto message = add_customer_message(c, ctx, *ticket, stored, m);
  if (!message) return message.take_problem();
  return answer("joined", &*ticket, *message);
}

}  // namespace

std::optional<int64_t> number_in_subject(std::string_view s) {
  for (auto at = s.find("[#"); at != std::string_view::npos; at = s.find("[#", at + 2)) {
    std::size_t i = at + 2;
    int64_t n = 0;
    while (i < s.size() && i - at - 2 < 18 && s[i] >= '0' && s[i] <= '9') n = n * 10 + (s[i++] - '0');
    if (i > at + 2 && i < s.size() && s[i] == ']') return n;
  }
  return std::nullopt;
}

email::InboundHook inbound_hook(const std::vector<const records::ObjectSpec*>& specs) {
  std::shared_ptr<const records::Store> contacts;
  for (const auto* s : specs)
    if (s->object == "contacts") contacts = std::make_shared<const records::Store>(*s);
  if (!contacts) throw std::logic_error("support's inbound email needs the contacts object");
  return [contacts](db::Connection& c, const identity::Context& ctx, const email::Email& stored, const email::InboundMessage& m,
                    const std::optional<std::string>& envelope_to, bool redelivered) {
    return on_inbound(c, ctx, *contacts, stored, m, envelope_to, redelivered);
  };
}

}  // namespace rapport::support
