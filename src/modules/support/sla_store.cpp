#include "modules/support/sla_store.hpp"

#include "platform/db/row_reader.hpp"

namespace rapport::support::sla_store {
namespace json = boost::json;

namespace {

constexpr const char* kCalendarColumns = "id, workspace_id, name, calendar, team_id, is_default, created_at, updated_at, version";
constexpr const char* kPolicyColumns =
    "id, workspace_id, name, position, conditions, targets, business_hours_id, calendar_time, pause_statuses, warning, "
    "created_at, updated_at, version";

db::Value value_of(const std::optional<std::string>& s) { return s ? db::Value(*s) : db::Value(nullptr); }

BusinessHours read_calendar_row(const db::Statement& st) {
  db::RowReader r(st);
  BusinessHours b;
  b.id = r.text();
  b.workspace_id = r.text();
  b.name = r.text();
  b.calendar = r.object();
  b.team_id = r.opt_text();
  b.is_default = r.boolean();
  b.created_at = r.text();
  b.updated_at = r.text();
  b.version = r.int64();
  return b;
}

SlaPolicy read_policy_row(const db::Statement& st) {
  db::RowReader r(st);
  SlaPolicy p;
  p.id = r.text();
  p.workspace_id = r.text();
  p.name = r.text();
  p.position = r.int64();
  const json::object conditions = r.object();
  auto list = [&](const char* key) {
    std::vector<std::string> out;
    if (const auto* a = conditions.if_contains(key); a && a->is_array())
      for (const auto& v : a->as_array())
        if (v.is_string()) out.emplace_back(v.as_string());
    return out;
  };
  p.priorities = list("priority");
  p.company_ids = list("company_id");
  p.tags = list("tags");
  p.targets = r.object();
  p.business_hours_id = r.opt_text();
  p.calendar_time = r.boolean();
  p.pause_statuses = r.strings();
  const json::object warning = r.object();
  p.warn_percent.reset();
  if (const auto* v = warning.if_contains("percent"); v && v->is_int64()) p.warn_percent = v->as_int64();
  if (const auto* v = warning.if_contains("minutes_before"); v && v->is_int64()) p.warn_minutes_before = v->as_int64();
  p.created_at = r.text();
  p.updated_at = r.text();
  p.version = r.int64();
  return p;
}

template <typename T, typename Read>
std::vector<T> read_all(db::Statement& st, Read read) {
  std::vector<T> out;
  while (st.step()) out.push_back(read(st));
  st.reset();
  return out;
}

std::vector<db::Value> policy_values(const SlaPolicy& p) {
  const json::object j = p.to_json();
  return {p.name,
          p.position,
          json::serialize(j.at("conditions")),
          json::serialize(p.targets),
          value_of(p.business_hours_id),
          int64_t{p.calendar_time ? 1 : 0},
          json::serialize(j.at("pause_statuses")),
          j.at("warning").is_null() ? db::Value(nullptr) : db::Value(json::serialize(j.at("warning"))),
          p.updated_at};
}

}  // namespace

std::vector<BusinessHours> calendars(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare(std::string("SELECT ") + kCalendarColumns + " FROM business_hours WHERE workspace_id = ? ORDER BY name, id");
  st.bind_all({workspace_id});
  return read_all<BusinessHours>(st, read_calendar_row);
}

std::optional<BusinessHours> find_calendar(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare(std::string("SELECT ") + kCalendarColumns + " FROM business_hours WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  auto all = read_all<BusinessHours>(st, read_calendar_row);
  if (all.empty()) return std::nullopt;
  return std::move(all.front());
}

std::optional<BusinessHours> calendar_for_team(db::Connection& c, const std::string& workspace_id,
                                               const std::optional<std::string>& team_id) {
  // The team's calendar sorts before the default (is_default 0 < 1 among team rows is irrelevant:
  // a team's row matches the first condition only).
  auto& st = c.prepare(std::string("SELECT ") + kCalendarColumns +
                       " FROM business_hours WHERE workspace_id = ? AND (team_id = ? OR is_default = 1) "
                       "ORDER BY CASE WHEN team_id = ? THEN 0 ELSE 1 END LIMIT 1");
  const db::Value team = value_of(team_id);
  st.bind_all({workspace_id, team, team});
  auto all = read_all<BusinessHours>(st, read_calendar_row);
  if (all.empty()) return std::nullopt;
  return std::move(all.front());
}

void insert_calendar(db::Connection& c, const BusinessHours& b) {
  c.prepare("INSERT INTO business_hours(id, workspace_id, name, calendar, team_id, is_default, created_at, updated_at, version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({b.id, b.workspace_id, b.name, json::serialize(b.calendar), value_of(b.team_id), int64_t{b.is_default ? 1 : 0},
                 b.created_at, b.updated_at, b.version})
      .run();
}

bool update_calendar(db::Connection& c, const BusinessHours& b, int64_t version) {
  c.prepare("UPDATE business_hours SET name = ?, calendar = ?, team_id = ?, is_default = ?, updated_at = ?, version = ? "
            "WHERE workspace_id = ? AND id = ? AND version = ?")
      .bind_all({b.name, json::serialize(b.calendar), value_of(b.team_id), int64_t{b.is_default ? 1 : 0}, b.updated_at, b.version,
                 b.workspace_id, b.id, version})
      .run();
  return c.changes() == 1;
}

void delete_calendar(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  c.prepare("DELETE FROM business_hours WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, id}).run();
}

void clear_default(db::Connection& c, const std::string& workspace_id, const std::string& except_id, const std::string& now) {
  c.prepare("UPDATE business_hours SET is_default = 0, updated_at = ?, version = version + 1 "
            "WHERE workspace_id = ? AND is_default = 1 AND id <> ?")
      .bind_all({now, workspace_id, except_id})
      .run();
}

std::vector<SlaPolicy> policies(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare(std::string("SELECT ") + kPolicyColumns + " FROM sla_policies WHERE workspace_id = ? ORDER BY position, id");
  st.bind_all({workspace_id});
  return read_all<SlaPolicy>(st, read_policy_row);
}

std::optional<SlaPolicy> find_policy(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare(std::string("SELECT ") + kPolicyColumns + " FROM sla_policies WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  auto all = read_all<SlaPolicy>(st, read_policy_row);
  if (all.empty()) return std::nullopt;
  return std::move(all.front());
}

void insert_policy(db::Connection& c, const SlaPolicy& p) {
  std::vector<db::Value> v = policy_values(p);
  v.insert(v.begin(), {p.id, p.workspace_id});
  v.insert(v.end(), {p.created_at, p.version});
  c.prepare("INSERT INTO sla_policies(id, workspace_id, name, position, conditions, targets, business_hours_id, calendar_time, "
            "pause_statuses, warning, updated_at, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(v)
      .run();
}

bool update_policy(db::Connection& c, const SlaPolicy& p, int64_t version) {
  std::vector<db::Value> v = policy_values(p);
  v.insert(v.end(), {p.version, p.workspace_id, p.id, version});
  c.prepare("UPDATE sla_policies SET name = ?, position = ?, conditions = ?, targets = ?, business_hours_id = ?, calendar_time = ?, "
            "pause_statuses = ?, warning = ?, updated_at = ?, version = ? WHERE workspace_id = ? AND id = ? AND version = ?")
      .bind_all(v)
      .run();
  return c.changes() == 1;
}

void delete_policy(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  c.prepare("DELETE FROM sla_policies WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, id}).run();
}

int64_t count(db::Connection& c, const std::string& table, const std::string& workspace_id) {
  // `table` is one of this file's two tables, never request text.
  return std::get<int64_t>(c.scalar("SELECT count(*) FROM " + table + " WHERE workspace_id = ?", {workspace_id}));
}

bool name_taken(db::Connection& c, const std::string& table, const std::string& workspace_id, const std::string& name,
                const std::string& except_id) {
  return !std::holds_alternative<std::nullptr_t>(
      c.scalar("SELECT 1 FROM " + table + " WHERE workspace_id = ? AND name = ? AND id <> ?", {workspace_id, name, except_id}));
}

std::vector<std::string> policies_using(db::Connection& c, const std::string& workspace_id, const std::string& calendar_id) {
  auto& st = c.prepare("SELECT name FROM sla_policies WHERE workspace_id = ? AND business_hours_id = ? ORDER BY name");
  st.bind_all({workspace_id, calendar_id});
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  st.reset();
  return out;
}

}  // namespace rapport::support::sla_store
