#include "modules/views/view_store.hpp"

#include <algorithm>

#include "platform/case_fold.hpp"

namespace rapport::views {
namespace json = boost::json;

namespace {

constexpr const char* kColumns =
    "id, object_type, name, visibility, owner_id, filters, sort, columns, position, version, created_at, updated_at";

// The stored JSON is the server's own (written by insert_view/update_view).
View read_view(const db::Statement& st) {
  View v;
  v.id = st.text(0);
  v.object_type = st.text(1);
  v.name = st.text(2);
  v.visibility = st.text(3);
  v.owner_id = st.text(4);
  const json::value filters = json::parse(st.text(5));  // kept: a range-for would not extend its life
  for (const auto& e : filters.as_array()) {
    const auto& o = e.as_object();
    v.filters.push_back({std::string(o.at("field").as_string()), std::string(o.at("op").as_string()),
                         std::string(o.at("value").as_string())});
  }
  if (!st.is_null(6)) v.sort = st.text(6);
  const json::value columns = json::parse(st.text(7));
  for (const auto& e : columns.as_array()) v.columns.emplace_back(e.as_string());
  v.position = st.int64(8);
  v.version = st.int64(9);
  v.created_at = st.text(10);
  v.updated_at = st.text(11);
  return v;
}

db::Value sort_value(const View& v) { return v.sort ? db::Value(*v.sort) : db::Value(nullptr); }

}  // namespace

std::optional<View> load_view(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + " FROM views WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  if (!st.step()) return std::nullopt;
  View v = read_view(st);
  st.reset();
  return v;
}

std::vector<View> list_views(db::Connection& c, const std::string& workspace_id, const std::string& object_type,
                             const std::string& user_id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns +
                       " FROM views WHERE workspace_id = ? AND object_type = ? AND (visibility = 'workspace' OR owner_id = ?) "
                       "ORDER BY position, name_key, id");
  st.bind_all({workspace_id, object_type, user_id});
  std::vector<View> out;
  while (st.step()) out.push_back(read_view(st));
  return out;
}

std::vector<View> workspace_views(db::Connection& c, const std::string& workspace_id, const std::string& object_type) {
  auto& st = object_type.empty()
                 ? c.prepare(std::string("SELECT ") + kColumns + " FROM views WHERE workspace_id = ? ORDER BY id")
                 : c.prepare(std::string("SELECT ") + kColumns + " FROM views WHERE workspace_id = ? AND object_type = ? ORDER BY id");
  if (object_type.empty()) st.bind_all({workspace_id});
  else st.bind_all({workspace_id, object_type});
  std::vector<View> out;
  while (st.step()) out.push_back(read_view(st));
  st.reset();
  return out;
}

std::optional<std::string> same_name(db::Connection& c, const std::string& workspace_id, const View& v, const std::string& except) {
  db::Value id = v.shared()
                     ? c.scalar("SELECT id FROM views WHERE workspace_id = ? AND object_type = ? AND visibility = 'workspace' "
                                "AND name_key = ? AND id != ?",
                                {workspace_id, v.object_type, case_fold::key(v.name), except})
                     : c.scalar("SELECT id FROM views WHERE workspace_id = ? AND owner_id = ? AND object_type = ? "
                                "AND visibility = 'private' AND name_key = ? AND id != ?",
                                {workspace_id, v.owner_id, v.object_type, case_fold::key(v.name), except});
  if (auto* s = std::get_if<std::string>(&id)) return *s;
  return std::nullopt;
}

int64_t views_in_limit(db::Connection& c, const std::string& workspace_id, const View& v, const std::string& except) {
  db::Value n = v.shared() ? c.scalar("SELECT count(*) FROM views WHERE workspace_id = ? AND object_type = ? "
                                      "AND visibility = 'workspace' AND id != ?",
                                      {workspace_id, v.object_type, except})
                           : c.scalar("SELECT count(*) FROM views WHERE workspace_id = ? AND owner_id = ? AND object_type = ? "
                                      "AND visibility = 'private' AND id != ?",
                                      {workspace_id, v.owner_id, v.object_type, except});
  return std::get<int64_t>(n);
}

int64_t next_position(db::Connection& c, const std::string& workspace_id, const std::string& object_type,
                      const std::string& user_id) {
  int64_t last = std::get<int64_t>(c.scalar(
      "SELECT coalesce(max(position), 0) FROM views WHERE workspace_id = ? AND object_type = ? "
      "AND (visibility = 'workspace' OR owner_id = ?)",
      {workspace_id, object_type, user_id}));
  return std::min(last + 1, kMaxPosition);
}

void insert_view(db::Connection& c, const std::string& workspace_id, const View& v) {
  c.prepare("INSERT INTO views(id, workspace_id, object_type, owner_id, visibility, name, name_key, filters, sort, columns, "
            "position, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({v.id, workspace_id, v.object_type, v.owner_id, v.visibility, v.name, case_fold::key(v.name),
                 json::serialize(filters_json(v.filters)), sort_value(v), json::serialize(columns_json(v.columns)), v.position,
                 v.created_at, v.updated_at, v.version})
      .run();
}

void update_view(db::Connection& c, const std::string& workspace_id, const View& v) {
  c.prepare("UPDATE views SET name = ?, name_key = ?, visibility = ?, filters = ?, sort = ?, columns = ?, position = ?, "
            "updated_at = ?, version = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({v.name, case_fold::key(v.name), v.visibility, json::serialize(filters_json(v.filters)), sort_value(v),
                 json::serialize(columns_json(v.columns)), v.position, v.updated_at, v.version, workspace_id, v.id})
      .run();
}

void delete_view(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  c.prepare("DELETE FROM views WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, id}).run();
}

}  // namespace rapport::views
