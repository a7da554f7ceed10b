#include "modules/marketing/form_store.hpp"

#include "platform/case_fold.hpp"
#include "platform/db/row_reader.hpp"

namespace rapport::marketing::form_store {
namespace json = boost::json;

namespace {

constexpr const char* kColumns =
    "SELECT workspace_id, id, name, target, fields, consents, success_message, redirect_url, list_id, enabled, submissions, "
    "spam_caught, created_by, version, created_at, updated_at FROM forms ";

Located read(const db::Statement& st) {
  db::RowReader r(st);
  Located out;
  out.workspace_id = r.text();
  Form& f = out.form;
  f.id = r.text();
  f.name = r.text();
  f.target = r.text();
  f.fields = fields_from_json(r.array());
  f.consents = consents_from_json(r.array());
  f.success_message = r.opt_text();
  f.redirect_url = r.opt_text();
  f.list_id = r.opt_text();
  f.enabled = r.boolean();
  f.submissions = r.int64();
  f.spam_caught = r.int64();
  f.created_by = r.opt_text().value_or("");
  f.version = r.int64();
  f.created_at = r.text();
  f.updated_at = r.text();
  return out;
}

db::Value optional(const std::optional<std::string>& s) { return s ? db::Value(*s) : db::Value(nullptr); }

std::optional<Located> one(db::Connection& c, const std::string& where, std::vector<db::Value> params) {
  auto& st = c.prepare(std::string(kColumns) + where);
  st.bind_all(params);
  std::optional<Located> out;
  if (st.step()) out = read(st);
  st.reset();
  return out;
}

}  // namespace

std::optional<Form> find(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto l = one(c, "WHERE workspace_id = ? AND id = ?", {workspace_id, id});
  if (!l) return std::nullopt;
  return std::move(l->form);
}

std::optional<Located> find_public(db::Connection& c, const std::string& id) { return one(c, "WHERE id = ?", {id}); }

std::vector<Form> list(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare(std::string(kColumns) + "WHERE workspace_id = ? ORDER BY created_at, id");
  st.bind_all({workspace_id});
  std::vector<Form> out;
  while (st.step()) out.push_back(read(st).form);
  st.reset();
  return out;
}

std::optional<std::string> same_name(db::Connection& c, const std::string& workspace_id, const std::string& name,
                                     const std::string& except_id) {
  auto v = c.scalar("SELECT id FROM forms WHERE workspace_id = ? AND name_key = ? AND id != ?",
                    {workspace_id, case_fold::key(name), except_id});
  if (auto* id = std::get_if<std::string>(&v)) return *id;
  return std::nullopt;
}

int64_t count(db::Connection& c, const std::string& workspace_id) {
  return std::get<int64_t>(c.scalar("SELECT count(*) FROM forms WHERE workspace_id = ?", {workspace_id}));
}

void insert(db::Connection& c, const std::string& workspace_id, const Form& f) {
  c.prepare(
       "INSERT INTO forms(id, workspace_id, name, name_key, target, fields, consents, success_message, redirect_url, list_id, enabled, "
       "created_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({f.id, workspace_id, f.name, case_fold::key(f.name), f.target, json::serialize(f.fields_json()), json::serialize(f.consents_json()),
                 optional(f.success_message), optional(f.redirect_url), optional(f.list_id), int64_t{f.enabled ? 1 : 0},
                 f.created_by.empty() ? db::Value(nullptr) : db::Value(f.created_by), f.version, f.created_at, f.updated_at})
      .run();
}

void update(db::Connection& c, const std::string& workspace_id, const Form& f) {
  c.prepare(
       "UPDATE forms SET name = ?, name_key = ?, target = ?, fields = ?, consents = ?, success_message = ?, redirect_url = ?, list_id = ?, "
       "enabled = ?, version = ?, updated_at = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({f.name, case_fold::key(f.name), f.target, json::serialize(f.fields_json()), json::serialize(f.consents_json()), optional(f.success_message),
                 optional(f.redirect_url), optional(f.list_id), int64_t{f.enabled ? 1 : 0}, f.version, f.updated_at, workspace_id, f.id})
      .run();
}

void remove(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  c.prepare("DELETE FROM form_submissions WHERE workspace_id = ? AND form_id = ?").bind_all({workspace_id, id}).run();
  c.prepare("DELETE FROM forms WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, id}).run();
}

void count_submission(db::Connection& c, const std::string& workspace_id, const std::string& id, bool spam) {
  c.prepare(spam ? "UPDATE forms SET spam_caught = spam_caught + 1 WHERE workspace_id = ? AND id = ?"
                 : "UPDATE forms SET submissions = submissions + 1 WHERE workspace_id = ? AND id = ?")
      .bind_all({workspace_id, id})
      .run();
}

}  // namespace rapport::marketing::form_store
