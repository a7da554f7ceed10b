#include "modules/support/message_store.hpp"

#include <map>

#include "modules/email/email_record.hpp"
#include "modules/email/email_store.hpp"
#include "platform/db/in_list.hpp"
#include "platform/db/row_reader.hpp"

namespace rapport::support::store {
namespace json = boost::json;

using db::nullable;

void insert_message(db::Connection& c, const std::string& workspace_id, const Message& m) {
  c.prepare("INSERT INTO ticket_messages(id, workspace_id, ticket_id, kind, body, author_id, created_at, email_id, "
            "received_email_id, message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({m.id, workspace_id, m.ticket_id, m.kind, m.body, nullable(m.author_id), m.created_at, nullable(m.email_id),
                 nullable(m.received_email_id), nullable(m.message_id)})
      .run();
}

std::optional<Latest> latest_message(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id) {
  return db::first_row(c,
                       "SELECT id, kind, created_at, author_id FROM ticket_messages WHERE workspace_id = ? AND ticket_id = ? "
                       "ORDER BY id DESC LIMIT 1",
                       {workspace_id, ticket_id}, [](const db::Statement& st) {
                         db::RowReader r(st);
                         return Latest{.id = r.text(), .kind = r.text(), .created_at = r.text(), .author_id = r.opt_text()};
                       });
}

bool is_message_of(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id, const std::string& message_id) {
  return !std::holds_alternative<std::nullptr_t>(
      c.scalar("SELECT 1 FROM ticket_messages WHERE workspace_id = ? AND ticket_id = ? AND id = ?", {workspace_id, ticket_id, message_id}));
}

Thread thread_of(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id) {
  struct Row {
    std::string message_id, kind;
  };
  auto rows = db::all_rows(c,
                           "SELECT message_id, kind FROM ticket_messages WHERE workspace_id = ? AND ticket_id = ? AND message_id IS NOT NULL "
                           "ORDER BY id",
                           {workspace_id, ticket_id}, [](const db::Statement& st) { return Row{st.text(0), st.text(1)}; });
  Thread t;
  for (auto it = rows.rbegin(); it != rows.rend() && !t.in_reply_to; ++it)
    if (it->kind == "customer") t.in_reply_to = it->message_id;
  if (!t.in_reply_to && !rows.empty()) t.in_reply_to = rows.back().message_id;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (i == 0 || rows.size() - i < kMaxReferences) t.references.push_back(rows[i].message_id);
  return t;
}

std::optional<std::string> ticket_by_message_ids(db::Connection& c, const std::string& workspace_id,
                                                 const std::vector<std::string>& message_ids) {
  if (message_ids.empty()) return std::nullopt;
  std::string sql =
      "SELECT m.message_id, m.ticket_id FROM ticket_messages m JOIN tickets t ON t.workspace_id = m.workspace_id AND t.id = m.ticket_id "
      "AND t.deleted_at IS NULL WHERE m.workspace_id = ? AND m.message_id IN ";
  std::vector<db::Value> params{workspace_id};
  db::append_in_list(sql, params, std::vector<db::Value>(message_ids.begin(), message_ids.end()));
  std::map<std::string, std::string> found;
  for (auto& [message_id, ticket_id] :
       db::all_rows(c, sql, params, [](const db::Statement& st) { return std::pair{st.text(0), st.text(1)}; }))
    found.emplace(std::move(message_id), std::move(ticket_id));
  for (const auto& id : message_ids)
    if (auto it = found.find(id); it != found.end()) return it->second;
  return std::nullopt;
}

std::optional<std::string> ticket_of_received(db::Connection& c, const std::string& workspace_id, const std::string& received_email_id) {
  return db::first_row(c, "SELECT ticket_id FROM ticket_messages WHERE workspace_id = ? AND received_email_id = ?",
                       {workspace_id, received_email_id}, [](const db::Statement& st) { return st.text(0); });
}

void add_attachments(db::Connection& c, const std::string& workspace_id, json::array& page) {
  auto email_of = [](const json::object& m) -> std::string {
    for (const char* key : {"email_id", "received_email_id"})
      if (const auto* v = m.if_contains(key); v && v->is_string()) return std::string(v->as_string());
    return {};
  };
  std::vector<std::string> emails, notes;
  for (const auto& m : page) {
    if (std::string e = email_of(m.as_object()); !e.empty()) emails.push_back(std::move(e));
    if (m.at("kind") == "note") notes.emplace_back(m.at("id").as_string());
  }
  // An email's files, or those a note holds (email::store::hold_uploads).
  const auto of_emails = email::store::files_of_emails(c, workspace_id, emails);
  const auto of_notes = email::store::held_files(c, workspace_id, notes);
  for (auto& v : page) {
    json::object& m = v.as_object();
    json::array files;
    const auto& by = m.at("kind") == "note" ? of_notes : of_emails;
    if (auto it = by.find(m.at("kind") == "note" ? std::string(m.at("id").as_string()) : email_of(m)); it != by.end())
      for (const auto& a : it->second) files.push_back(a.to_json());
    m["attachments"] = std::move(files);
  }
}

void add_delivery(db::Connection& c, const std::string& workspace_id, json::array& page) {
  std::vector<std::string> emails;
  for (const auto& m : page)
    if (const auto& e = m.at("email_id"); e.is_string()) emails.emplace_back(e.as_string());
  const auto states = email::store::deliveries_of(c, workspace_id, emails);
  for (auto& v : page) {
    json::object& m = v.as_object();
    m["delivery"] = nullptr;
    if (const auto& e = m.at("email_id"); e.is_string())
      if (auto it = states.find(std::string(e.as_string())); it != states.end())
        m["delivery"] = json::object{{"state", it->second.status},
                                     {"reason", it->second.error ? json::value(*it->second.error) : json::value(nullptr)}};
  }
}

std::optional<SentReply> reply_by_message_id(db::Connection& c, const std::string& workspace_id, const std::string& message_id) {
  return db::first_row(c,
                       "SELECT ticket_id, id, created_at FROM ticket_messages WHERE workspace_id = ? AND message_id = ? AND kind = 'reply' "
                       "AND email_id IS NOT NULL ORDER BY id LIMIT 1",
                       {workspace_id, message_id}, [](const db::Statement& st) { return SentReply{st.text(0), st.text(1), st.text(2)}; });
}

}  // namespace rapport::support::store
