#include "modules/analytics/report_schedule_store.hpp"

#include "platform/db/row_reader.hpp"

namespace rapport::analytics::schedule_store {
namespace json = boost::json;

namespace {

constexpr const char* kColumns =
    "id, workspace_id, saved_report_id, frequency, at_time, weekday, month_day, time_zone, recipients, created_by, created_at, last_sent_at";

ReportSchedule read_row(const db::Statement& st) {
  db::RowReader r(st);
  ReportSchedule s;
  s.id = r.text();
  s.workspace_id = r.text();
  s.saved_report_id = r.text();
  s.frequency = r.text();
  s.time = r.text();
  s.weekday = r.opt_int64();
  s.month_day = r.opt_int64();
  s.time_zone = r.text();
  json::object recipients = r.object();
  for (const char* key : {"user_ids", "emails"}) {
    auto& out = std::string_view(key) == "user_ids" ? s.user_ids : s.emails;
    if (const auto* a = recipients.if_contains(key); a && a->is_array())
      for (const auto& v : a->as_array())
        if (v.is_string()) out.emplace_back(v.as_string());
  }
  s.created_by = r.text();
  s.created_at = r.text();
  s.last_sent_at = r.opt_text();
  return s;
}

db::Value opt(const std::optional<int64_t>& v) { return v ? db::Value(*v) : db::Value(nullptr); }

}  // namespace

std::optional<ReportSchedule> find(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + " FROM report_schedules WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  if (!st.step()) return std::nullopt;
  ReportSchedule s = read_row(st);
  st.reset();
  return s;
}

std::vector<ReportSchedule> of_report(db::Connection& c, const std::string& workspace_id, const std::string& saved_report_id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + " FROM report_schedules WHERE workspace_id = ? AND saved_report_id = ? ORDER BY id");
  st.bind_all({workspace_id, saved_report_id});
  std::vector<ReportSchedule> out;
  while (st.step()) out.push_back(read_row(st));
  st.reset();
  return out;
}

std::vector<ReportSchedule> of_workspace(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + " FROM report_schedules WHERE workspace_id = ? ORDER BY id");
  st.bind_all({workspace_id});
  std::vector<ReportSchedule> out;
  while (st.step()) out.push_back(read_row(st));
  st.reset();
  return out;
}

namespace {

std::string recipients_json(const ReportSchedule& s) {
  json::array users, emails;
  for (const auto& u : s.user_ids) users.push_back(json::value(u));
  for (const auto& e : s.emails) emails.push_back(json::value(e));
  return json::serialize(json::object{{"user_ids", std::move(users)}, {"emails", std::move(emails)}});
}

}  // namespace

void set_emails(db::Connection& c, const ReportSchedule& s) {
  c.prepare("UPDATE report_schedules SET recipients = ? WHERE workspace_id = ? AND id = ?").bind_all({recipients_json(s), s.workspace_id, s.id}).run();
}

void insert(db::Connection& c, const ReportSchedule& s) {
  const std::string recipients = recipients_json(s);
  c.prepare(std::string("INSERT INTO report_schedules(") + kColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)")
      .bind_all({s.id, s.workspace_id, s.saved_report_id, s.frequency, s.time, opt(s.weekday), opt(s.month_day), s.time_zone, recipients,
                 s.created_by, s.created_at})
      .run();
}

void remove(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  c.prepare("DELETE FROM report_schedules WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, id}).run();
}

void mark_sent(db::Connection& c, const std::string& workspace_id, const std::string& id, const std::string& at) {
  c.prepare("UPDATE report_schedules SET last_sent_at = ? WHERE workspace_id = ? AND id = ?").bind_all({at, workspace_id, id}).run();
}

}  // namespace rapport::analytics::schedule_store
