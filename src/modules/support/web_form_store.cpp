#include "modules/support/web_form_store.hpp"

#include <boost/json.hpp>

#include "platform/db/row_reader.hpp"

namespace rapport::support::form_store {
namespace json = boost::json;

namespace {

constexpr const char* kColumns =
    "SELECT id, workspace_id, name, form_key, team_id, priority, allowed_origins, redirect_url, enabled, submissions, "
    "spam_caught, created_at, updated_at, confirm_email FROM web_forms ";

WebForm read(const db::Statement& st) {
  db::RowReader r(st);
  WebForm f;
  f.id = r.text();
  f.workspace_id = r.text();
  f.name = r.text();
  f.key = r.text();
  f.team_id = r.opt_text();
  f.priority = r.text();
  for (const auto& o : r.array())
    if (o.is_string()) f.allowed_origins.emplace_back(o.as_string());
  f.redirect_url = r.opt_text();
  f.enabled = r.boolean();
  f.submissions = r.int64();
  f.spam_caught = r.int64();
  f.created_at = r.text();
  f.updated_at = r.text();
  f.confirm_email = r.boolean();
  return f;
}

std::string origins_json(const WebForm& f) {
  json::array a;
  for (const auto& o : f.allowed_origins) a.emplace_back(o);
  return json::serialize(a);
}

db::Value opt(const std::optional<std::string>& v) { return v ? db::Value(*v) : db::Value(nullptr); }

std::optional<WebForm> one(db::Connection& c, const std::string& where, std::vector<db::Value> params) {
  auto& st = c.prepare(std::string(kColumns) + where);
  st.bind_all(params);
  std::optional<WebForm> out;
  if (st.step()) out = read(st);
  st.reset();
  return out;
}

}  // namespace

std::vector<WebForm> list(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare(std::string(kColumns) + "WHERE workspace_id = ? ORDER BY created_at, id");
  st.bind_all({workspace_id});
  std::vector<WebForm> out;
  while (st.step()) out.push_back(read(st));
  st.reset();
  return out;
}

std::optional<WebForm> find(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  return one(c, "WHERE workspace_id = ? AND id = ?", {workspace_id, id});
}

std::optional<WebForm> find_by_key(db::Connection& c, const std::string& key) { return one(c, "WHERE form_key = ?", {key}); }

void insert(db::Connection& c, const WebForm& f) {
  c.prepare(
       "INSERT INTO web_forms (id, workspace_id, name, form_key, team_id, priority, allowed_origins, redirect_url, enabled, "
       "created_at, updated_at, confirm_email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({f.id, f.workspace_id, f.name, f.key, opt(f.team_id), f.priority, origins_json(f), opt(f.redirect_url),
                 int64_t{f.enabled ? 1 : 0}, f.created_at, f.updated_at, int64_t{f.confirm_email ? 1 : 0}})
      .run();
}

void update(db::Connection& c, const WebForm& f) {
  c.prepare(
       "UPDATE web_forms SET name = ?, team_id = ?, priority = ?, allowed_origins = ?, redirect_url = ?, enabled = ?, "
       "confirm_email = ?, updated_at = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({f.name, opt(f.team_id), f.priority, origins_json(f), opt(f.redirect_url), int64_t{f.enabled ? 1 : 0},
                 int64_t{f.confirm_email ? 1 : 0}, f.updated_at, f.workspace_id, f.id})
      .run();
}

bool remove(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  c.prepare("DELETE FROM web_forms WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, id}).run();
  return c.changes() > 0;
}

void count(db::Connection& c, const std::string& id, bool spam) {
  c.prepare(spam ? "UPDATE web_forms SET spam_caught = spam_caught + 1 WHERE id = ?"
                 : "UPDATE web_forms SET submissions = submissions + 1 WHERE id = ?")
      .bind_all({id})
      .run();
}

}  // namespace rapport::support::form_store
