#include "modules/email/email_store.hpp"

#include <sodium.h>

#include <algorithm>

#include "modules/email/record_links.hpp"
#include "platform/clock.hpp"
#include "platform/db/in_list.hpp"
#include "platform/db/row_reader.hpp"
#include "platform/ids.hpp"

namespace rapport::email::store {
namespace json = boost::json;

namespace {

using db::nullable;

json::array array_of(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::value(s));
  return a;
}

std::string recipients_text(const Email& e) { return json::serialize(json::object{{"to", array_of(e.to)}, {"cc", array_of(e.cc)}}); }

void read_recipients(db::RowReader& r, Email& e) {
  json::object recipients = r.object();
  for (auto [key, into] : {std::pair{"to", &e.to}, std::pair{"cc", &e.cc}})
    if (const auto* a = recipients.if_contains(key); a && a->is_array())
      for (const auto& s : a->as_array())
        if (s.is_string()) into->emplace_back(s.as_string());
}

// The columns both email tables have in this order: sender, recipients, subject, text_body, html_body.
void read_message(db::RowReader& r, Email& e) {
  e.sender = r.text();
  read_recipients(r, e);
  e.subject = r.text();
  e.text_body = r.text();
  e.html_body = r.text();
}

constexpr const char* kSettingsColumns =
    "workspace_id, host, port, security, username, password_sealed, sender, version, updated_at, inbound_domain";

constexpr const char* kTemplateColumns =
    "id, workspace_id, name, subject, text_body, html_body, version, created_by, created_at, updated_at";

Template read_template(const db::Statement& st) {
  db::RowReader r(st);
  return Template{.id = r.text(), .workspace_id = r.text(), .name = r.text(), .subject = r.text(), .text_body = r.text(),
                  .html_body = r.text(), .version = r.int64(), .created_by = r.text(), .created_at = r.text(),
                  .updated_at = r.text()};
}

constexpr const char* kEmailColumns =
    "id, workspace_id, created_by, status, sender, recipients, subject, text_body, html_body, template_id, links, "
    "message_id, attempts, error, job_id, created_at, sent_at, thread_id, in_reply_to, reference_ids";

constexpr const char* kReceivedColumns =
    "id, workspace_id, direction, message_id, thread_id, in_reply_to, sender, recipients, subject, text_body, html_body, "
    "contact_ids, logged_by, size, received_at, reference_ids";

// Sent and received mail read alike: the same columns, in this order, from either table, so that a
// list reads both through one UNION ALL and one row reader (read_any). A sent email that bounced
// reads as `bounced` (migration 0048), its reason in `error`.
constexpr const char* kSentSelect =
    "SELECT id, workspace_id, created_by, CASE WHEN bounced_at IS NULL THEN status ELSE 'bounced' END AS status, "
    "'outbound' AS direction, thread_id, in_reply_to, "
    "reference_ids, sender, recipients, subject, text_body, html_body, template_id, links, message_id, attempts, error, "
    "job_id, created_at, sent_at, '[]' AS contact_ids, 0 AS size FROM emails";
constexpr const char* kReceivedSelect =
    "SELECT id, workspace_id, logged_by AS created_by, 'received' AS status, direction, thread_id, in_reply_to, "
    "reference_ids, sender, recipients, subject, text_body, html_body, NULL AS template_id, '{}' AS links, message_id, "
    "0 AS attempts, NULL AS error, NULL AS job_id, received_at AS created_at, NULL AS sent_at, contact_ids, size "
    "FROM received_emails";

Email read_any(const db::Statement& st) {
  db::RowReader r(st);
  Email e;
  e.id = r.text();
  e.workspace_id = r.text();
  e.created_by = r.opt_text().value_or("");
  e.status = r.text();
  e.direction = r.text();
  e.thread_id = r.text();
  e.in_reply_to = r.opt_text();
  e.references = r.strings();
  read_message(r, e);
  e.template_id = r.opt_text();
  e.links = r.object();
  e.message_id = r.text();
  e.attempts = r.int64();
  e.error = r.opt_text();
  e.job_id = r.opt_text();
  e.created_at = r.text();
  e.sent_at = r.opt_text();
  e.contact_ids = r.strings();
  e.size = r.int64();
  return e;
}

}  // namespace

std::optional<SmtpSettings> find_settings(db::Connection& c, const std::string& workspace_id) {
  return db::first_row(c, std::string("SELECT ") + kSettingsColumns + " FROM email_settings WHERE workspace_id = ?", {workspace_id},
                       [](const db::Statement& st) {
                         db::RowReader r(st);
                         SmtpSettings s{.workspace_id = r.text(), .host = r.text(), .port = r.int64(), .security = r.text(),
                                        .username = r.text(), .password_sealed = r.opt_text(), .sender = r.text()};
                         s.version = r.int64();
                         s.updated_at = r.text();
                         s.inbound_domain = r.opt_text();
                         return s;
                       });
}

void put_settings(db::Connection& c, const SmtpSettings& s) {
  c.prepare("DELETE FROM email_settings WHERE workspace_id = ?").bind_all({s.workspace_id}).run();
  c.prepare(std::string("INSERT INTO email_settings (") + kSettingsColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({s.workspace_id, s.host, s.port, s.security, s.username, nullable(s.password_sealed), s.sender, s.version,
                 s.updated_at, nullable(s.inbound_domain)})
      .run();
}

std::optional<Template> find_template(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  return db::first_row(c, std::string("SELECT ") + kTemplateColumns + " FROM email_templates WHERE workspace_id = ? AND id = ?",
                       {workspace_id, id}, read_template);
}

std::vector<Template> list_templates(db::Connection& c, const std::string& workspace_id) {
  return db::all_rows(c, std::string("SELECT ") + kTemplateColumns + " FROM email_templates WHERE workspace_id = ? ORDER BY name, id",
                      {workspace_id}, read_template);
}

int64_t count_templates(db::Connection& c, const std::string& workspace_id) {
  auto n = c.scalar("SELECT count(*) FROM email_templates WHERE workspace_id = ?", {workspace_id});
  auto* i = std::get_if<int64_t>(&n);
  return i ? *i : 0;
}

void insert_template(db::Connection& c, const Template& t) {
  c.prepare(std::string("INSERT INTO email_templates (") + kTemplateColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({t.id, t.workspace_id, t.name, t.subject, t.text_body, t.html_body, t.version, t.created_by, t.created_at,
                 t.updated_at})
      .run();
}

void update_template(db::Connection& c, const Template& t) {
  c.prepare(
       "UPDATE email_templates SET name = ?, subject = ?, text_body = ?, html_body = ?, version = ?, updated_at = ? "
       "WHERE workspace_id = ? AND id = ?")
      .bind_all({t.name, t.subject, t.text_body, t.html_body, t.version, t.updated_at, t.workspace_id, t.id})
      .run();
}

void remove_template(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  c.prepare("DELETE FROM email_templates WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, id}).run();
}

std::optional<Email> find_email(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  return db::first_row(c, std::string(kSentSelect) + " WHERE workspace_id = ? AND id = ?", {workspace_id, id}, read_any);
}

void insert_email(db::Connection& c, const Email& e) {
  c.prepare(std::string("INSERT INTO emails (") + kEmailColumns +
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({e.id, e.workspace_id, e.created_by, e.status, e.sender, recipients_text(e), e.subject, e.text_body,
                 e.html_body, nullable(e.template_id), json::serialize(e.links), e.message_id, e.attempts, nullable(e.error),
                 nullable(e.job_id), e.created_at, nullable(e.sent_at), e.thread_id.empty() ? e.id : e.thread_id,
                 nullable(e.in_reply_to), json::serialize(array_of(e.references))})
      .run();
  record_links::insert_sent(c, e);
}

void update_email_state(db::Connection& c, const Email& e) {
  c.prepare("UPDATE emails SET status = ?, attempts = ?, error = ?, job_id = ?, sent_at = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({e.status, e.attempts, nullable(e.error), nullable(e.job_id), nullable(e.sent_at), e.workspace_id, e.id})
      .run();
}

std::optional<Email> mark_bounced(db::Connection& c, const std::string& workspace_id, const std::string& message_id,
                                  const std::string& reason, const std::string& now) {
  auto id = c.scalar("SELECT id FROM emails WHERE workspace_id = ? AND message_id = ? ORDER BY id LIMIT 1", {workspace_id, message_id});
  const auto* email_id = std::get_if<std::string>(&id);
  if (!email_id) return std::nullopt;
  c.prepare("UPDATE emails SET bounced_at = ?, error = ? WHERE workspace_id = ? AND id = ?").bind_all({now, reason, workspace_id, *email_id}).run();
  return find_email(c, workspace_id, *email_id);
}

std::vector<Attachment> attachments_of(db::Connection& c, const std::string& workspace_id, const std::string& email_id) {
  return db::all_rows(c,
                      "SELECT id, file_name, content_type, size, sha256 FROM email_attachments WHERE workspace_id = ? AND email_id = ? "
                      "ORDER BY position",
                      {workspace_id, email_id}, [](const db::Statement& st) {
                        db::RowReader r(st);
                        Attachment a{.id = r.text(), .file_name = r.text(), .content_type = r.text()};
                        a.size = r.int64();
                        a.sha256 = r.text();
                        return a;
                      });
}

namespace {

// Fills the size and hash of `a` and answers the bytes as stored (base64).
std::string sealed_content(Attachment& a, std::string_view bytes) {
  a.id = ids::uuid_v7();
  a.size = static_cast<int64_t>(bytes.size());
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  a.sha256 = hex;
  return ids::base64_encode(bytes);
}

void insert_file(db::Connection& c, const std::string& workspace_id, const std::optional<std::string>& email_id, int64_t position,
                 const std::optional<std::string>& uploaded_by, Attachment& a, std::string_view bytes) {
  std::string content = sealed_content(a, bytes);
  c.prepare("INSERT INTO email_attachments (id, workspace_id, email_id, uploaded_by, position, file_name, content_type, size, "
            "sha256, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({a.id, workspace_id, nullable(email_id), nullable(uploaded_by), position, a.file_name, a.content_type, a.size,
                 a.sha256, content, clock::now_text()})
      .run();
}

constexpr const char* kFileColumns = "id, file_name, content_type, size, sha256, email_id, uploaded_by, held_by, content";

// A row of kFileColumns; its content decoded (a row that does not decode reads as empty bytes).
StoredFile read_file(const db::Statement& st) {
  db::RowReader r(st);
  StoredFile f;
  f.attachment.id = r.text();
  f.attachment.file_name = r.text();
  f.attachment.content_type = r.text();
  f.attachment.size = r.int64();
  f.attachment.sha256 = r.text();
  f.email_id = r.opt_text().value_or("");
  f.uploaded_by = r.opt_text().value_or("");
  f.held_by = r.opt_text().value_or("");
  if (!ids::base64_decode(r.text(), f.bytes)) f.bytes.clear();
  return f;
}

}  // namespace

void insert_attachment(db::Connection& c, const std::string& workspace_id, const std::string& email_id, int64_t position,
                       Attachment& a, std::string_view bytes) {
  insert_file(c, workspace_id, email_id, position, std::nullopt, a, bytes);
}

void insert_upload(db::Connection& c, const std::string& workspace_id, const std::string& user, Attachment& a, std::string_view bytes) {
  insert_file(c, workspace_id, std::nullopt, 0, user, a, bytes);
}

std::vector<Attachment> unsent_uploads(db::Connection& c, const std::string& workspace_id, const std::string& user,
                                       const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  std::string sql =
      "SELECT id, file_name, content_type, size, sha256 FROM email_attachments WHERE workspace_id = ? AND uploaded_by = ? "
      "AND email_id IS NULL AND held_by IS NULL AND id IN ";
  std::vector<db::Value> params{workspace_id, user};
  db::append_in_list(sql, params, std::vector<db::Value>(ids.begin(), ids.end()));
  return db::all_rows(c, sql, params, [](const db::Statement& st) {
    db::RowReader r(st);
    Attachment a{.id = r.text(), .file_name = r.text(), .content_type = r.text()};
    a.size = r.int64();
    a.sha256 = r.text();
    return a;
  });
}

void attach_uploads(db::Connection& c, const std::string& workspace_id, const std::string& email_id, const std::vector<std::string>& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i)
    c.prepare("UPDATE email_attachments SET email_id = ?, position = ? WHERE workspace_id = ? AND id = ? AND email_id IS NULL AND held_by IS NULL")
        .bind_all({email_id, static_cast<int64_t>(i), workspace_id, ids[i]})
        .run();
}

void hold_uploads(db::Connection& c, const std::string& workspace_id, const std::string& holder_id, const std::vector<std::string>& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i)
    c.prepare("UPDATE email_attachments SET held_by = ?, position = ? WHERE workspace_id = ? AND id = ? AND email_id IS NULL AND held_by IS NULL")
        .bind_all({holder_id, static_cast<int64_t>(i), workspace_id, ids[i]})
        .run();
}

namespace {

// The files (without bytes) whose `column` (email_id, held_by) is one of `keys`, by key, in order.
std::map<std::string, std::vector<Attachment>> files_by(db::Connection& c, const std::string& workspace_id, const char* column,
                                                        const std::vector<db::Value>& keys) {
  std::map<std::string, std::vector<Attachment>> out;
  if (keys.empty()) return out;
  std::string sql = std::string("SELECT ") + column + ", id, file_name, content_type, size, sha256 FROM email_attachments WHERE " +
                    "workspace_id = ? AND " + column + " IN ";
  std::vector<db::Value> params{workspace_id};
  db::append_in_list(sql, params, keys);
  sql += std::string(" ORDER BY ") + column + ", position";
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) {
    db::RowReader r(st);
    std::string key = r.text();
    Attachment a{.id = r.text(), .file_name = r.text(), .content_type = r.text()};
    a.size = r.int64();
    a.sha256 = r.text();
    out[key].push_back(std::move(a));
  }
  st.reset();
  return out;
}

}  // namespace

std::map<std::string, std::vector<Attachment>> held_files(db::Connection& c, const std::string& workspace_id,
                                                          const std::vector<std::string>& holder_ids) {
  return files_by(c, workspace_id, "held_by", std::vector<db::Value>(holder_ids.begin(), holder_ids.end()));
}

std::map<std::string, std::vector<Attachment>> files_of_emails(db::Connection& c, const std::string& workspace_id,
                                                               const std::vector<std::string>& email_ids) {
  return files_by(c, workspace_id, "email_id", std::vector<db::Value>(email_ids.begin(), email_ids.end()));
}

std::map<std::string, Delivery> deliveries_of(db::Connection& c, const std::string& workspace_id,
                                               const std::vector<std::string>& email_ids) {
  std::map<std::string, Delivery> out;
  if (email_ids.empty()) return out;
  std::string sql =
      "SELECT id, CASE WHEN bounced_at IS NULL THEN status ELSE 'bounced' END, error FROM emails WHERE workspace_id = ? AND id IN ";
  std::vector<db::Value> params{workspace_id};
  db::append_in_list(sql, params, std::vector<db::Value>(email_ids.begin(), email_ids.end()));
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) {
    db::RowReader r(st);
    std::string id = r.text();
    Delivery d{.status = r.text()};
    d.error = r.opt_text();
    out.emplace(std::move(id), std::move(d));
  }
  st.reset();
  return out;
}

std::vector<StoredFile> files_of(db::Connection& c, const std::string& workspace_id, const std::string& email_id) {
  return db::all_rows(c, std::string("SELECT ") + kFileColumns + " FROM email_attachments WHERE workspace_id = ? AND email_id = ? ORDER BY position",
                      {workspace_id, email_id}, read_file);
}

std::optional<StoredFile> find_attachment(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  return db::first_row(c, std::string("SELECT ") + kFileColumns + " FROM email_attachments WHERE workspace_id = ? AND id = ?",
                       {workspace_id, id}, read_file);
}

std::optional<Email> find_received(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  return db::first_row(c, std::string(kReceivedSelect) + " WHERE workspace_id = ? AND id = ?", {workspace_id, id}, read_any);
}

std::optional<Email> find_received_by_message_id(db::Connection& c, const std::string& workspace_id, const std::string& message_id) {
  return db::first_row(c, std::string(kReceivedSelect) + " WHERE workspace_id = ? AND message_id = ?", {workspace_id, message_id},
                       read_any);
}

void insert_received(db::Connection& c, const Email& e) {
  c.prepare(std::string("INSERT INTO received_emails (") + kReceivedColumns +
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({e.id, e.workspace_id, e.direction, e.message_id, e.thread_id, nullable(e.in_reply_to), e.sender,
                 recipients_text(e), e.subject, e.text_body, e.html_body, json::serialize(array_of(e.contact_ids)),
                 e.created_by.empty() ? db::Value(nullptr) : db::Value(e.created_by), e.size, e.created_at,
                 json::serialize(array_of(e.references))})
      .run();
  record_links::insert_received(c, e);
}

std::map<std::string, std::string> threads_of(db::Connection& c, const std::string& workspace_id,
                                              const std::vector<std::string>& message_ids) {
  std::map<std::string, std::string> out;
  if (message_ids.empty()) return out;
  std::vector<db::Value> ids(message_ids.begin(), message_ids.end());
  for (const char* sql : {"SELECT message_id, thread_id FROM received_emails WHERE workspace_id = ? AND message_id IN ",
                          "SELECT message_id, thread_id FROM emails WHERE workspace_id = ? AND message_id IN "}) {
    std::string text = sql;
    std::vector<db::Value> params{workspace_id};
    db::append_in_list(text, params, ids);
    auto& st = c.prepare(text);
    st.bind_all(params);
    while (st.step()) out.emplace(st.text(0), st.text(1));
    st.reset();
  }
  return out;
}

namespace {

// Attachments of these emails (without bytes), by email id, in order.
std::map<std::string, std::vector<Attachment>> attachments_of_all(db::Connection& c, const std::string& workspace_id,
                                                                  const std::vector<Email>& emails) {
  std::vector<db::Value> ids;
  for (const auto& e : emails) ids.emplace_back(e.id);
  return files_by(c, workspace_id, "email_id", ids);
}

}  // namespace

const records::keyset::Order& email_order() {
  static const records::keyset::Order o{.name = "emails", .descending = true};
  return o;
}

EmailPage list_emails(db::Connection& c, const std::string& workspace_id, const EmailFilter& f, int limit,
                      const std::optional<records::keyset::Position>& after) {
  const db::Dialect d = c.dialect();
  // A record's threads are named in each branch, so that each table is read through its thread
  // index for those threads only (a condition outside the union was checked row by row).
  std::vector<db::Value> params;
  auto branch = [&](const char* select) {
    std::string b = std::string(select) + " WHERE workspace_id = ?";
    params.emplace_back(workspace_id);
    if (!f.record_key.empty()) b += " AND thread_id IN (" + record_links::threads_sql(f.record_key, workspace_id, f.record_id, params) + ")";
    return b;
  };
  std::string sql = "SELECT * FROM (" + branch(kSentSelect);
  sql += " UNION ALL " + branch(kReceivedSelect) + ") AS m WHERE 1 = 1";
  for (const auto& [column, value] : {std::pair{"thread_id", &f.thread_id}, std::pair{"direction", &f.direction},
                                      std::pair{"status", &f.status}, std::pair{"created_by", &f.created_by}})
    if (*value) {
      sql += std::string(" AND ") + column + " = ?";
      params.emplace_back(**value);
    }
  const auto& order = email_order();
  if (after) sql += " AND " + records::keyset::after_sql(order, *after, params);
  records::keyset::append_order_limit(order, limit, d, sql, params);
  EmailPage page;
  auto& st = c.prepare(sql);
  st.bind_all(params);
  page.next_cursor = records::keyset::read_page(order, st, limit, {.id = 0}, [&](const db::Statement& row) {
    page.emails.push_back(read_any(row));
  });
  auto files = attachments_of_all(c, workspace_id, page.emails);
  for (auto& e : page.emails)
    if (auto it = files.find(e.id); it != files.end()) e.attachments = std::move(it->second);
  return page;
}

std::vector<std::pair<std::string, std::string>> thread_records(db::Connection& c, const std::string& workspace_id,
                                                                const std::string& thread_id, std::size_t max) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& p : record_links::of_thread(c, workspace_id, thread_id, 400))
    if (out.size() < max && std::find(out.begin(), out.end(), p) == out.end()) out.push_back(std::move(p));
  return out;
}

}  // namespace rapport::email::store
