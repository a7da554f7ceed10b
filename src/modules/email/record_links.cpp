#include "modules/email/record_links.hpp"

#include <set>

namespace rapport::email::record_links {

namespace {

constexpr std::pair<std::string_view, std::string_view> kObjects[] = {
    {"contact_id", "contacts"}, {"company_id", "companies"}, {"lead_id", "leads"}, {"deal_id", "deals"}};

}  // namespace

std::string_view object_of(std::string_view link_key) {
  for (const auto& [key, object] : kObjects)
    if (key == link_key) return object;
  return {};
}

std::string_view key_of(std::string_view object) {
  for (const auto& [key, o] : kObjects)
    if (o == object) return key;
  return {};
}

namespace {

void insert_rows(db::Connection& c, const Email& e, const std::set<std::pair<std::string_view, std::string>>& rows) {
  for (const auto& [object, record_id] : rows)
    c.prepare("INSERT INTO email_record_links (workspace_id, object, record_id, email_id) VALUES (?, ?, ?, ?)")
        .bind_all({e.workspace_id, std::string(object), record_id, e.id})
        .run();
}

}  // namespace

void insert_sent(db::Connection& c, const Email& e) {
  std::set<std::pair<std::string_view, std::string>> rows;
  for (const auto& [key, value] : e.links)
    if (auto object = object_of(key); !object.empty() && value.is_string()) rows.emplace(object, std::string(value.as_string()));
  insert_rows(c, e, rows);
}

void insert_received(db::Connection& c, const Email& e) {
  std::set<std::pair<std::string_view, std::string>> rows;
  for (const auto& id : e.contact_ids) rows.emplace("contacts", id);
  insert_rows(c, e, rows);
}

std::string threads_sql(std::string_view link_key, const std::string& workspace_id, const std::string& record_id,
                        std::vector<db::Value>& params) {
  // Sent and received mail naming the record itself (a lead or deal is named by sent mail only). The
  // links drive each join (CROSS JOIN keeps SQLite's order: without statistics it would read the
  // workspace's mail by thread and look each up in the links).
  std::string sql =
      "SELECT m.thread_id FROM email_record_links l CROSS JOIN emails m "
      "WHERE l.workspace_id = ? AND l.object = ? AND l.record_id = ? AND m.workspace_id = l.workspace_id AND m.id = l.email_id";
  params.insert(params.end(), {workspace_id, std::string(object_of(link_key)), record_id});
  if (link_key == "contact_id") {
    sql += " UNION SELECT r.thread_id FROM email_record_links l CROSS JOIN received_emails r WHERE l.workspace_id = ? AND "
           "l.object = 'contacts' AND l.record_id = ? AND r.workspace_id = l.workspace_id AND r.id = l.email_id";
    params.insert(params.end(), {workspace_id, record_id});
  } else if (link_key == "company_id") {
    // A company's received mail is its contacts' (as they belong to it now).
    sql += " UNION SELECT r.thread_id FROM contacts k CROSS JOIN email_record_links l CROSS JOIN received_emails r "
           "WHERE k.workspace_id = ? AND k.company_id = ? AND k.deleted_at IS NULL AND l.workspace_id = k.workspace_id AND "
           "l.object = 'contacts' AND l.record_id = k.id AND r.workspace_id = l.workspace_id AND r.id = l.email_id";
    params.insert(params.end(), {workspace_id, record_id});
  }
  return sql;
}

std::vector<std::pair<std::string, std::string>> of_thread(db::Connection& c, const std::string& workspace_id,
                                                           const std::string& thread_id, int limit) {
  std::vector<std::pair<std::string, std::string>> out;
  auto& st = c.prepare(
      "SELECT l.object, l.record_id FROM (SELECT id, 0 AS sent_first FROM emails WHERE workspace_id = ? AND thread_id = ? "
      "UNION ALL SELECT id, 1 FROM received_emails WHERE workspace_id = ? AND thread_id = ?) AS m "
      "JOIN email_record_links l ON l.workspace_id = ? AND l.email_id = m.id "
      "WHERE l.object <> 'companies' ORDER BY m.sent_first, m.id, l.object, l.record_id LIMIT ?");
  st.bind_all({workspace_id, thread_id, workspace_id, thread_id, workspace_id, static_cast<int64_t>(limit)});
  while (st.step()) out.emplace_back(std::string(key_of(st.text_view(0))), st.text(1));
  st.reset();
  return out;
}

}  // namespace rapport::email::record_links
