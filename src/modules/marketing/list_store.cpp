#include "modules/marketing/list_store.hpp"

#include "platform/case_fold.hpp"
#include "platform/db/in_list.hpp"
#include "platform/db/planner_statistics.hpp"

namespace rapport::marketing::list_store {

namespace {

constexpr const char* kColumns = "id, name, description, created_by, version, created_at, updated_at";

StaticList read(const db::Statement& st) {
  StaticList l;
  l.id = st.text(0);
  l.name = st.text(1);
  if (!st.is_null(2)) l.description = st.text(2);
  if (!st.is_null(3)) l.created_by = st.text(3);
  l.version = st.int64(4);
  l.created_at = st.text(5);
  l.updated_at = st.text(6);
  return l;
}

db::Value optional_text(const std::optional<std::string>& s) { return s ? db::Value(*s) : db::Value(nullptr); }

std::vector<db::Value> values_of(const std::vector<std::string>& ids) { return {ids.begin(), ids.end()}; }

}  // namespace

std::optional<StaticList> find(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + " FROM marketing_lists WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  if (!st.step()) return std::nullopt;
  StaticList l = read(st);
  st.reset();
  return l;
}

std::vector<StaticList> list(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + " FROM marketing_lists WHERE workspace_id = ? ORDER BY name_key, id");
  st.bind_all({workspace_id});
  std::vector<StaticList> out;
  while (st.step()) out.push_back(read(st));
  return out;
}

int64_t count(db::Connection& c, const std::string& workspace_id) {
  return std::get<int64_t>(c.scalar("SELECT count(*) FROM marketing_lists WHERE workspace_id = ?", {workspace_id}));
}

std::optional<std::string> same_name(db::Connection& c, const std::string& workspace_id, const std::string& name,
                                     const std::string& except_id) {
  auto v = c.scalar("SELECT id FROM marketing_lists WHERE workspace_id = ? AND name_key = ? AND id != ?",
                    {workspace_id, case_fold::key(name), except_id});
  if (auto* id = std::get_if<std::string>(&v)) return *id;
  return std::nullopt;
}

void insert(db::Connection& c, const std::string& workspace_id, const StaticList& l) {
  c.prepare("INSERT INTO marketing_lists(id, workspace_id, name, name_key, description, created_by, version, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({l.id, workspace_id, l.name, case_fold::key(l.name), optional_text(l.description),
                 l.created_by.empty() ? db::Value(nullptr) : db::Value(l.created_by), l.version, l.created_at, l.updated_at})
      .run();
}

void update(db::Connection& c, const std::string& workspace_id, const StaticList& l) {
  c.prepare("UPDATE marketing_lists SET name = ?, name_key = ?, description = ?, version = ?, updated_at = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({l.name, case_fold::key(l.name), optional_text(l.description), l.version, l.updated_at, workspace_id, l.id})
      .run();
}

void remove(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  c.prepare("DELETE FROM marketing_list_members WHERE workspace_id = ? AND list_id = ?").bind_all({workspace_id, id}).run();
  c.prepare("DELETE FROM marketing_lists WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, id}).run();
}

std::vector<std::string> members_among(db::Connection& c, const std::string& workspace_id, const std::string& list_id,
                                       const std::vector<std::string>& contact_ids) {
  std::string sql = "SELECT contact_id FROM marketing_list_members WHERE workspace_id = ? AND list_id = ? AND contact_id IN ";
  std::vector<db::Value> params{workspace_id, list_id};
  db::append_in_list(sql, params, values_of(contact_ids));
  auto& st = c.prepare(sql);
  st.bind_all(params);
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

void add_members(db::Connection& c, const std::string& workspace_id, const std::string& list_id,
                 const std::vector<std::string>& contact_ids, const std::string& added_by, const std::string& now) {
  auto& st = c.prepare("INSERT INTO marketing_list_members(workspace_id, list_id, contact_id, added_at, added_by) VALUES (?, ?, ?, ?, ?)");
  const db::Value by = added_by.empty() ? db::Value(nullptr) : db::Value(added_by);
  for (const auto& id : contact_ids) {
    st.bind_all({workspace_id, list_id, id, now, by}).run();
    st.reset();
  }
  // Audiences read members by list: PostgreSQL plans with their new count (planner_statistics.hpp).
  if (static_cast<long long>(contact_ids.size()) >= db::kAnalyzeAfterRows) db::refresh_planner_statistics(c, {"marketing_list_members"});
}

void remove_members(db::Connection& c, const std::string& workspace_id, const std::string& list_id,
                    const std::vector<std::string>& contact_ids) {
  std::string sql = "DELETE FROM marketing_list_members WHERE workspace_id = ? AND list_id = ? AND contact_id IN ";
  std::vector<db::Value> params{workspace_id, list_id};
  db::append_in_list(sql, params, values_of(contact_ids));
  c.prepare(sql).bind_all(params).run();
}

Sql member_condition(const std::string& workspace_id, const std::string& list_id) {
  return {" AND id IN (SELECT contact_id FROM marketing_list_members WHERE workspace_id = ? AND list_id = ?)", {workspace_id, list_id}};
}

}  // namespace rapport::marketing::list_store
