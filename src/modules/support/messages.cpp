#include "modules/support/messages.hpp"

#include "modules/email/email_store.hpp"
#include "modules/email/send_service.hpp"
#include "modules/support/specs.hpp"
#include "platform/clock.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/keyset_query.hpp"
#include "platform/records/scope.hpp"
#include "platform/records/service.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

// Oldest first: message ids are UUIDv7, in order of creation.
const records::keyset::Order& order() {
  static const records::keyset::Order o{.name = "ticket_messages"};
  return o;
}

Status may_write(db::Connection& c, const access::Context& ctx, const std::string& ticket_id) {
  if (!ids::is_uuid(ticket_id) || !ticket_store().find(c, ctx, ticket_id)) return Problem::not_found();
  if (!ticket_store().in_scope(c, ctx, ticket_id, access::Action::Update))
    return records::not_allowed(access::Action::Update, "ticket");
  return ok_status();
}

// Queues a reply as an email to the ticket's requester when there is one to write to and the
// workspace sends email; the email's id, or null.
Result<json::value> email_reply(db::Connection& c, const access::Context& ctx, const json::object& ticket, const std::string& body,
                                const std::vector<const records::ObjectSpec*>& specs) {
  const auto& requester = ticket.at("requester_id");
  if (!requester.is_string() || !email::store::find_settings(c, ctx.workspace_id)) return json::value(nullptr);
  auto address = c.scalar("SELECT email FROM contacts WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL",
                          {ctx.workspace_id, std::string(requester.as_string())});
  auto* to = std::get_if<std::string>(&address);
  if (!to || to->empty()) return json::value(nullptr);
  email::SendRequest req;
  req.to = {*to};
  // The ticket's number in the subject lets a reply to this email find its ticket.
  req.subject = "Re: [#" + std::to_string(ticket.at("number").as_int64()) + "] " + std::string(ticket.at("subject").as_string());
  req.body = body;
  req.links = json::object{{"contact_id", requester}};
  auto queued = email::queue_email(c, ctx, specs, req, {}, ctx.user_id);
  if (!queued) return queued.take_problem();
  return json::value(queued->id);
}

}  // namespace

Result<MessageInput> read_message(const json::object& body) {
  http::BodyReader in(body);
  in.only({"kind", "body"}, "a message");
  MessageInput m;
  if (auto* kind = body.if_contains("kind"); !kind)
    in.error("kind", "required", "is required: reply or note");
  else if (!kind->is_string() || (kind->as_string() != "reply" && kind->as_string() != "note"))
    in.error("kind", "enum", "must be reply (sent to the requester) or note (internal)");
  else
    m.kind = std::string(kind->as_string());
  if (auto text = in.text("body", 1, kMaxMessageBody, true)) m.body = std::move(*text);
  if (!in.ok()) return in.problem();
  return m;
}

Result<json::object> list_messages(db::Database& db, const access::Context& ctx, const std::string& ticket_id,
                                   const std::vector<std::pair<std::string, std::string>>& query) {
  auto q = records::keyset::parse_query(order(), {}, query);
  if (!q) return q.take_problem();
  return db.read([&](db::Connection& c) -> Result<json::object> {
    if (!ids::is_uuid(ticket_id) || !ticket_store().find(c, ctx, ticket_id)) return Problem::not_found();
    std::string sql =
        "SELECT id, kind, body, author_id, created_at, email_id FROM ticket_messages WHERE workspace_id = ? AND ticket_id = ?";
    std::vector<db::Value> params{ctx.workspace_id, ticket_id};
    q->append_where(order(), "created_at", sql, params);
    return records::keyset::page(c, order(), std::move(sql), std::move(params), q->limit, {.id = 0},
                                 [](const db::Statement& row) -> json::value {
                                   return json::object{{"id", row.text(0)},
                                                       {"kind", row.text(1)},
                                                       {"body", row.text(2)},
                                                       {"author_id", row.is_null(3) ? json::value(nullptr) : json::value(row.text(3))},
                                                       {"created_at", row.text(4)},
                                                       {"email_id", row.is_null(5) ? json::value(nullptr) : json::value(row.text(5))}};
                                 });
  });
}

Status may_add_message(db::Database& db, const access::Context& ctx, const std::string& ticket_id) {
  return db.read([&](db::Connection& c) { return may_write(c, ctx, ticket_id); });
}

Result<json::object> add_message(db::Database& db, const access::Context& ctx, const std::string& ticket_id,
                                 const MessageInput& input, const std::vector<const records::ObjectSpec*>& specs) {
  json::object message;
  Status st = db.write([&](db::Connection& c) -> Status {
    auto written = write_message(c, ctx, ticket_id, input, specs);
    if (!written) return written.take_problem();
    message = std::move(*written);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return message;
}

Result<json::object> write_message(db::Connection& c, const access::Context& ctx, const std::string& ticket_id,
                                   const MessageInput& input, const std::vector<const records::ObjectSpec*>& specs) {
  json::object message{{"id", ids::uuid_v7()},
                       {"kind", input.kind},
                       {"body", input.body},
                       {"author_id", ctx.user_id.empty() ? json::value(nullptr) : json::value(ctx.user_id)},
                       {"created_at", clock::now_text()},
                       {"email_id", nullptr}};
  // On PostgreSQL two first replies could both see no first response: the ticket's row is locked
  // first, so they take turns (SQLite has one writer).
  if (c.dialect() == db::Dialect::Postgres && ids::is_uuid(ticket_id))
    (void)c.scalar("SELECT id FROM tickets WHERE workspace_id = ? AND id = ? FOR UPDATE", {ctx.workspace_id, ticket_id});
  if (Status allowed = may_write(c, ctx, ticket_id); !allowed) return allowed.take_problem();
  const auto before = ticket_store().find(c, ctx, ticket_id);
  if (input.kind == "reply") {
    auto emailed = email_reply(c, ctx, *before, input.body, specs);
    if (!emailed) return emailed.take_problem();
    message["email_id"] = *emailed;
  }
  const auto& email_id = message["email_id"];
  c.prepare("INSERT INTO ticket_messages(id, workspace_id, ticket_id, kind, body, author_id, created_at, email_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({std::string(message["id"].as_string()), ctx.workspace_id, ticket_id, input.kind, input.body,
                 ctx.user_id.empty() ? db::Value(nullptr) : db::Value(ctx.user_id), std::string(message["created_at"].as_string()),
                 email_id.is_string() ? db::Value(std::string(email_id.as_string())) : db::Value(nullptr)})
      .run();
  const json::array entry{json::object{{"field", "message"}, {"before", nullptr}, {"after", message["id"]}}};
  if (input.kind == "reply" && before && before->at("first_response_at").is_null()) {
    json::object after = *before;
    after["first_response_at"] = message["created_at"];
    auto written = records::write_change(c, ctx, ticket_store(), *before, std::move(after), "reply", entry);
    if (!written) return written.take_problem();
  } else {
    journal::audit(c, ctx, "tickets", ticket_id, input.kind, entry);
  }
  return message;
}

}  // namespace rapport::support
