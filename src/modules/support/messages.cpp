#include "modules/support/messages.hpp"

#include "modules/email/email_store.hpp"
#include "modules/email/send_service.hpp"
#include "modules/support/specs.hpp"
#include "modules/support/ticket_sla.hpp"
#include "platform/clock.hpp"
#include "platform/db/row_reader.hpp"
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

// Queues a reply as an email to the ticket's requester, threaded onto the conversation, when there
// is one to write to and the workspace sends email; the email, or nullopt.
Result<std::optional<email::Email>> email_reply(db::Connection& c, const access::Context& ctx, const json::object& ticket,
                                                const MessageInput& input, const std::vector<const records::ObjectSpec*>& specs) {
  const auto& requester = ticket.at("requester_id");
  if (!requester.is_string() || !email::store::find_settings(c, ctx.workspace_id)) return std::optional<email::Email>();
  auto address = c.scalar("SELECT email FROM contacts WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL",
                          {ctx.workspace_id, std::string(requester.as_string())});
  auto* to = std::get_if<std::string>(&address);
  if (!to || to->empty()) return std::optional<email::Email>();
  email::SendRequest req;
  req.to = {*to};
  // The ticket's number in the subject lets a reply to this email find its ticket.
  req.subject = "Re: [#" + std::to_string(ticket.at("number").as_int64()) + "] " + std::string(ticket.at("subject").as_string());
  req.body = input.body;
  req.links = json::object{{"contact_id", requester}};
  req.attachment_ids = input.attachment_ids;
  auto thread = store::thread_of(c, ctx.workspace_id, std::string(ticket.at("id").as_string()));
  req.parent_message_id = std::move(thread.in_reply_to);
  req.references = std::move(thread.references);
  auto queued = email::queue_email(c, ctx, specs, req, {}, ctx.user_id);
  if (!queued) return queued.take_problem();
  return std::optional<email::Email>(std::move(*queued));
}

// A note's files: the writer's uploads not sent nor held yet, under email's limits for a message's
// files, kept by the note (email::store::hold_uploads: never emailed); their JSON, in the order named.
Result<json::array> hold_note_files(db::Connection& c, const access::Context& ctx, const std::string& note_id,
                                    const std::vector<std::string>& ids) {
  json::array out;
  if (ids.empty()) return out;
  auto files = email::store::unsent_uploads(c, ctx.workspace_id, ctx.user_id, ids);
  if (files.size() != ids.size())
    return Problem::invalid({{"attachment_ids", "not_found",
                              "names a file you did not upload (POST /api/v1/attachments) or one sent or attached already"}});
  std::size_t total = 0;
  for (const auto& id : ids)
    for (const auto& f : files)
      if (f.id == id) {
        total += static_cast<std::size_t>(f.size);
        out.push_back(f.to_json());
      }
  if (total > email::kMaxOutboundAttachmentBytes)
    return Problem::invalid({{"attachment_ids", "too_large",
                              "are larger than " + std::to_string(email::kMaxOutboundAttachmentBytes) + " bytes together"}});
  email::store::hold_uploads(c, ctx.workspace_id, note_id, ids);
  return out;
}

// The collision notice: 409 naming the newest message when it is not the one the writer saw (422
// when what they name is no message of this ticket).
Status check_seen(db::Connection& c, const access::Context& ctx, const std::string& ticket_id, const MessageInput& input) {
  if (!input.check_seen) return ok_status();
  if (input.after_message_id && !store::is_message_of(c, ctx.workspace_id, ticket_id, *input.after_message_id))
    return Problem::invalid({{"after_message_id", "not_found", "names no message of this ticket"}});
  auto latest = store::latest_message(c, ctx.workspace_id, ticket_id);
  if (!latest || (input.after_message_id && latest->id == *input.after_message_id)) return ok_status();
  json::object newer{{"id", latest->id},
                     {"kind", latest->kind},
                     {"author_id", latest->author_id ? json::value(*latest->author_id) : json::value(nullptr)},
                     {"created_at", latest->created_at}};
  return Problem::conflict("Someone added a message to this ticket since the one you saw: read it, then send again with "
                           "after_message_id " + latest->id,
                           {{"after_message_id", "newer_message", "is not the ticket's newest message",
                             json::object{{"newer_message", std::move(newer)}}}});
}

}  // namespace

json::object message_json(const store::Message& m) {
  auto nullable = [](const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); };
  return json::object{{"id", m.id},
                      {"kind", m.kind},
                      {"body", m.body},
                      {"author_id", nullable(m.author_id)},
                      {"created_at", m.created_at},
                      {"email_id", nullable(m.email_id)},
                      {"received_email_id", nullable(m.received_email_id)},
                      {"delivery", m.email_id ? json::value(json::object{{"state", "queued"}, {"reason", nullptr}}) : json::value(nullptr)}};
}

Result<MessageInput> read_message(const json::object& body) {
  http::BodyReader in(body);
  in.only({"kind", "body", "after_message_id", "attachment_ids"}, "a message");
  MessageInput m;
  if (auto* kind = body.if_contains("kind"); !kind)
    in.error("kind", "required", "is required: reply or note");
  else if (!kind->is_string() || (kind->as_string() != "reply" && kind->as_string() != "note"))
    in.error("kind", "enum", "must be reply (sent to the requester) or note (internal)");
  else
    m.kind = std::string(kind->as_string());
  if (auto text = in.text("body", 1, kMaxMessageBody, true)) m.body = std::move(*text);
  if (const auto* seen = body.if_contains("after_message_id")) {
    m.check_seen = true;
    if (seen->is_string() && ids::is_uuid(seen->as_string()))
      m.after_message_id = std::string(seen->as_string());
    else if (!seen->is_null())
      in.error("after_message_id", "format", "must be the id of the newest message you saw, or null when you saw none");
  }
  if (auto files = in.ids("attachment_ids", email::kMaxOutboundAttachments)) m.attachment_ids = std::move(*files);
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
        "SELECT id, kind, body, author_id, created_at, email_id, received_email_id FROM ticket_messages "
        "WHERE workspace_id = ? AND ticket_id = ?";
    std::vector<db::Value> params{ctx.workspace_id, ticket_id};
    q->append_where(order(), "created_at", sql, params);
    json::object page = records::keyset::page(c, order(), std::move(sql), std::move(params), q->limit, {.id = 0},
                                              [](const db::Statement& st) -> json::value {
                                                db::RowReader r(st);
                                                store::Message m{.id = r.text(), .kind = r.text(), .body = r.text()};
                                                m.author_id = r.opt_text();
                                                m.created_at = r.text();
                                                m.email_id = r.opt_text();
                                                m.received_email_id = r.opt_text();
                                                return message_json(m);
                                              });
    store::add_attachments(c, ctx.workspace_id, page["data"].as_array());
    store::add_delivery(c, ctx.workspace_id, page["data"].as_array());
    return page;
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
  store::Message m{.id = ids::uuid_v7(), .ticket_id = ticket_id, .kind = input.kind, .body = input.body};
  if (!ctx.user_id.empty()) m.author_id = ctx.user_id;
  m.created_at = clock::now_text();
  json::array files;
  // On PostgreSQL two first replies could both see no first response, and two writers could both
  // pass the collision check: the ticket's row is locked first, so they take turns (SQLite has one
  // writer).
  if (c.dialect() == db::Dialect::Postgres && ids::is_uuid(ticket_id))
    (void)c.scalar("SELECT id FROM tickets WHERE workspace_id = ? AND id = ? FOR UPDATE", {ctx.workspace_id, ticket_id});
  if (Status allowed = may_write(c, ctx, ticket_id); !allowed) return allowed.take_problem();
  if (Status seen = check_seen(c, ctx, ticket_id, input); !seen) return seen.take_problem();
  const auto before = ticket_store().find(c, ctx, ticket_id);
  if (input.kind == "reply") {
    auto emailed = email_reply(c, ctx, *before, input, specs);
    if (!emailed) return emailed.take_problem();
    if (*emailed) {
      m.email_id = (*emailed)->id;
      m.message_id = (*emailed)->message_id;
      for (const auto& a : (*emailed)->attachments) files.push_back(a.to_json());
    } else if (!input.attachment_ids.empty()) {
      return Problem::invalid({{"attachment_ids", "not_emailed",
                                "this reply is not emailed (the requester has no address, or the workspace no email settings): it "
                                "carries no files"}});
    }
  }
  store::insert_message(c, ctx.workspace_id, m);
  if (input.kind == "note") {
    auto held = hold_note_files(c, ctx, m.id, input.attachment_ids);
    if (!held) return held.take_problem();
    files = std::move(*held);
  }
  const json::array entry{json::object{{"field", "message"}, {"before", nullptr}, {"after", m.id}}};
  if (input.kind == "reply") {
    // A reply meets the first response (first_response_at) and an open next response: the
    // ticket's SLA is a change of the ticket when it moves.
    json::object after = *before;
    if (before->at("first_response_at").is_null()) after["first_response_at"] = m.created_at;
    note_reply(c, ctx.workspace_id, ticket_id, m.created_at);
    track_sla(c, ctx.workspace_id, after, clock::now_ms());
    if (journal::diff(*before, after).empty()) {
      journal::audit(c, ctx, "tickets", ticket_id, input.kind, entry);
    } else {
      auto written = records::write_change(c, ctx, ticket_store(), *before, std::move(after), "reply", entry);
      if (!written) return written.take_problem();
    }
  } else {
    journal::audit(c, ctx, "tickets", ticket_id, input.kind, entry);
  }
  json::object out = message_json(m);
  out["attachments"] = std::move(files);
  return out;
}

bool may_read_note_files(db::Connection& c, const identity::Context& ctx, const std::string& note_id) {
  auto ticket = c.scalar("SELECT ticket_id FROM ticket_messages WHERE workspace_id = ? AND id = ? AND kind = 'note'",
                         {ctx.workspace_id, note_id});
  const auto* id = std::get_if<std::string>(&ticket);
  return id && ticket_store().find(c, ctx, *id).has_value();
}

}  // namespace rapport::support
