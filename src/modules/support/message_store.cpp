#include "modules/support/message_store.hpp"

#include <map>

#include "modules/email/email_record.hpp"
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
  std::vector<db::Value> emails;
  auto email_of = [](const json::object& m) -> std::string {
    for (const char* key : {"email_id", "received_email_id"})
      if (const auto* v = m.if_contains(key); v && v->is_string()) return std::string(v->as_string());
    return {};
  };
  for (auto& m : page) {
    m.as_object()["attachments"] = json::array();
    if (std::string e = email_of(m.as_object()); !e.empty()) emails.emplace_back(e);
  }
  if (emails.empty()) return;
  std::string sql =
      "SELECT email_id, id, file_name, content_type, size, sha256 FROM email_attachments WHERE workspace_id = ? AND email_id IN ";
  std::vector<db::Value> params{workspace_id};
  db::append_in_list(sql, params, emails);
  sql += " ORDER BY email_id, position";
  std::map<std::string, json::array> files;
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) {
    db::RowReader r(st);
    std::string email = r.text();
    email::Attachment a{.id = r.text(), .file_name = r.text(), .content_type = r.text()};
    a.size = r.int64();
    a.sha256 = r.text();
    files[email].push_back(a.to_json());
  }
  st.reset();
  for (auto& m : page)
    if (auto it = files.find(email_of(m.as_object())); it != files.end()) m.as_object()["attachments"] = it->second;
}

}  // namespace rapport::support::store
