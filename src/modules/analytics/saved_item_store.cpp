#include "modules/analytics/saved_item_store.hpp"

#include "platform/case_fold.hpp"

namespace rapport::analytics::item_store {
namespace json = boost::json;

namespace {

// id, workspace_id, name, <object_type | ''>, <payload>, visibility, team_id, owner_id, created_by,
// created_at, updated_at, version
std::string columns(const ItemKind& kind) {
  return std::string("id, workspace_id, name, ") + (kind.has_object ? "object_type" : "''") + ", " + kind.payload +
         ", visibility, team_id, owner_id, created_by, created_at, updated_at, version";
}

SavedItem read_row(const ItemKind& kind, const db::Statement& st) {
  SavedItem m;
  m.kind = &kind;
  m.id = st.text(0);
  m.workspace_id = st.text(1);
  m.name = st.text(2);
  m.object_type = st.text(3);
  m.payload = json::parse(st.text(4));
  m.sharing.visibility = st.text(5);
  m.sharing.team_id = st.is_null(6) ? "" : st.text(6);
  m.sharing.owner_id = st.text(7);
  m.created_by = st.text(8);
  m.created_at = st.text(9);
  m.updated_at = st.text(10);
  m.version = st.int64(11);
  return m;
}

db::Value team_value(const SavedItem& m) { return m.sharing.team_id.empty() ? db::Value(nullptr) : db::Value(m.sharing.team_id); }

}  // namespace

std::optional<SavedItem> find(db::Connection& c, const ItemKind& kind, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare("SELECT " + columns(kind) + " FROM " + kind.table + " WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  if (!st.step()) return std::nullopt;
  SavedItem m = read_row(kind, st);
  st.reset();
  return m;
}

std::vector<SavedItem> list(db::Connection& c, const ItemKind& kind, const std::string& workspace_id) {
  auto& st = c.prepare("SELECT " + columns(kind) + " FROM " + kind.table + " WHERE workspace_id = ? ORDER BY name_key, id");
  st.bind_all({workspace_id});
  std::vector<SavedItem> out;
  while (st.step()) out.push_back(read_row(kind, st));
  st.reset();
  return out;
}

int64_t count(db::Connection& c, const ItemKind& kind, const std::string& workspace_id) {
  return std::get<int64_t>(c.scalar(std::string("SELECT count(*) FROM ") + kind.table + " WHERE workspace_id = ?", {workspace_id}));
}

void insert(db::Connection& c, const SavedItem& m) {
  const ItemKind& k = *m.kind;
  std::string sql = std::string("INSERT INTO ") + k.table + "(id, workspace_id, name, name_key, " + (k.has_object ? "object_type, " : "") +
                    k.payload + ", visibility, team_id, owner_id, created_by, created_at, updated_at, version) VALUES (?, ?, ?, ?, " +
                    (k.has_object ? "?, " : "") + "?, ?, ?, ?, ?, ?, ?, ?)";
  std::vector<db::Value> params{m.id, m.workspace_id, m.name, case_fold::key(m.name)};
  if (k.has_object) params.emplace_back(m.object_type);
  params.insert(params.end(), {json::serialize(m.payload), m.sharing.visibility, team_value(m), m.sharing.owner_id, m.created_by,
                               m.created_at, m.updated_at, m.version});
  c.prepare(sql).bind_all(params).run();
}

void update(db::Connection& c, const SavedItem& m) {
  const ItemKind& k = *m.kind;
  std::string sql = std::string("UPDATE ") + k.table + " SET name = ?, name_key = ?, " + (k.has_object ? "object_type = ?, " : "") + k.payload +
                    " = ?, visibility = ?, team_id = ?, updated_at = ?, version = ? WHERE workspace_id = ? AND id = ?";
  std::vector<db::Value> params{m.name, case_fold::key(m.name)};
  if (k.has_object) params.emplace_back(m.object_type);
  params.insert(params.end(), {json::serialize(m.payload), m.sharing.visibility, team_value(m), m.updated_at, m.version, m.workspace_id, m.id});
  c.prepare(sql).bind_all(params).run();
}

void remove(db::Connection& c, const ItemKind& kind, const std::string& workspace_id, const std::string& id) {
  c.prepare(std::string("DELETE FROM ") + kind.table + " WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, id}).run();
}

}  // namespace rapport::analytics::item_store
