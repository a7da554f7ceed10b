#include "modules/email/email_store.hpp"

namespace rapport::email::store {
namespace json = boost::json;

namespace {

std::optional<std::string> opt_text(const db::Statement& st, int col) {
  return st.is_null(col) ? std::nullopt : std::optional<std::string>(st.text(col));
}
db::Value value_of(const std::optional<std::string>& s) { return s ? db::Value(*s) : db::Value(nullptr); }

json::object object_of(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return !ec && v.is_object() ? std::move(v.as_object()) : json::object{};
}

std::vector<std::string> strings_of(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const auto* a = o.if_contains(key); a && a->is_array())
    for (const auto& s : a->as_array())
      if (s.is_string()) out.emplace_back(s.as_string());
  return out;
}

json::array array_of(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::value(s));
  return a;
}

constexpr const char* kSettingsColumns = "workspace_id, host, port, security, username, password_sealed, sender, version, updated_at";

constexpr const char* kTemplateColumns =
    "id, workspace_id, name, subject, text_body, html_body, version, created_by, created_at, updated_at";

Template read_template(const db::Statement& st) {
  return Template{.id = st.text(0), .workspace_id = st.text(1), .name = st.text(2), .subject = st.text(3),
                  .text_body = st.text(4), .html_body = st.text(5), .version = st.int64(6), .created_by = st.text(7),
                  .created_at = st.text(8), .updated_at = st.text(9)};
}

constexpr const char* kEmailColumns =
    "id, workspace_id, created_by, status, sender, recipients, subject, text_body, html_body, template_id, links, "
    "message_id, attempts, error, job_id, created_at, sent_at";

Email read_email(const db::Statement& st) {
  Email e;
  e.id = st.text(0);
  e.workspace_id = st.text(1);
  e.created_by = st.text(2);
  e.status = st.text(3);
  e.sender = st.text(4);
  json::object recipients = object_of(st.text_view(5));
  e.to = strings_of(recipients, "to");
  e.cc = strings_of(recipients, "cc");
  e.subject = st.text(6);
  e.text_body = st.text(7);
  e.html_body = st.text(8);
  e.template_id = opt_text(st, 9);
  e.links = object_of(st.text_view(10));
  e.message_id = st.text(11);
  e.attempts = st.int64(12);
  e.error = opt_text(st, 13);
  e.job_id = opt_text(st, 14);
  e.created_at = st.text(15);
  e.sent_at = opt_text(st, 16);
  return e;
}

}  // namespace

std::optional<SmtpSettings> find_settings(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare(std::string("SELECT ") + kSettingsColumns + " FROM email_settings WHERE workspace_id = ?");
  st.bind_all({workspace_id});
  std::optional<SmtpSettings> s;
  if (st.step())
    s = SmtpSettings{.workspace_id = st.text(0), .host = st.text(1), .port = st.int64(2), .security = st.text(3),
                     .username = st.text(4), .password_sealed = opt_text(st, 5), .sender = st.text(6),
                     .version = st.int64(7), .updated_at = st.text(8)};
  st.reset();
  return s;
}

void put_settings(db::Connection& c, const SmtpSettings& s) {
  c.prepare("DELETE FROM email_settings WHERE workspace_id = ?").bind_all({s.workspace_id}).run();
  c.prepare(std::string("INSERT INTO email_settings (") + kSettingsColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({s.workspace_id, s.host, s.port, s.security, s.username, value_of(s.password_sealed), s.sender, s.version,
                 s.updated_at})
      .run();
}

std::optional<Template> find_template(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare(std::string("SELECT ") + kTemplateColumns + " FROM email_templates WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  std::optional<Template> t;
  if (st.step()) t = read_template(st);
  st.reset();
  return t;
}

std::vector<Template> list_templates(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare(std::string("SELECT ") + kTemplateColumns + " FROM email_templates WHERE workspace_id = ? ORDER BY name, id");
  st.bind_all({workspace_id});
  std::vector<Template> out;
  while (st.step()) out.push_back(read_template(st));
  st.reset();
  return out;
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
  auto& st = c.prepare(std::string("SELECT ") + kEmailColumns + " FROM emails WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  std::optional<Email> e;
  if (st.step()) e = read_email(st);
  st.reset();
  return e;
}

void insert_email(db::Connection& c, const Email& e) {
  json::object recipients{{"to", array_of(e.to)}, {"cc", array_of(e.cc)}};
  c.prepare(std::string("INSERT INTO emails (") + kEmailColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({e.id, e.workspace_id, e.created_by, e.status, e.sender, json::serialize(recipients), e.subject, e.text_body,
                 e.html_body, value_of(e.template_id), json::serialize(e.links), e.message_id, e.attempts, value_of(e.error),
                 value_of(e.job_id), e.created_at, value_of(e.sent_at)})
      .run();
}

void update_email_state(db::Connection& c, const Email& e) {
  c.prepare("UPDATE emails SET status = ?, attempts = ?, error = ?, job_id = ?, sent_at = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({e.status, e.attempts, value_of(e.error), value_of(e.job_id), value_of(e.sent_at), e.workspace_id, e.id})
      .run();
}

}  // namespace rapport::email::store
