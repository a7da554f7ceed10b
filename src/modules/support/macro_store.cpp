#include "modules/support/macro_store.hpp"

#include "platform/case_fold.hpp"

namespace rapport::support::macro_store {
namespace json = boost::json;

namespace {

constexpr const char* kColumns = "id, workspace_id, name, kind, body, changes, owner_id, created_by, created_at, updated_at, version";

Macro read_row(const db::Statement& st) {
  Macro m;
  m.id = st.text(0);
  m.workspace_id = st.text(1);
  m.name = st.text(2);
  m.kind = st.text(3);
  m.body = st.text(4);
  m.changes = json::parse(st.text(5)).as_object();
  m.owner_id = st.is_null(6) ? "" : st.text(6);
  m.created_by = st.text(7);
  m.created_at = st.text(8);
  m.updated_at = st.text(9);
  m.version = st.int64(10);
  return m;
}

db::Value owner_value(const Macro& m) { return m.shared() ? db::Value(nullptr) : db::Value(m.owner_id); }

}  // namespace

std::optional<Macro> find(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + " FROM macros WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  if (!st.step()) return std::nullopt;
  Macro m = read_row(st);
  st.reset();
  return m;
}

std::vector<Macro> list_visible(db::Connection& c, const std::string& workspace_id, const std::string& user_id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns +
                       " FROM macros WHERE workspace_id = ? AND (owner_id IS NULL OR owner_id = ?) ORDER BY name_key, id");
  st.bind_all({workspace_id, user_id});
  std::vector<Macro> out;
  while (st.step()) out.push_back(read_row(st));
  return out;
}

int64_t count(db::Connection& c, const std::string& workspace_id) {
  return std::get<int64_t>(c.scalar("SELECT count(*) FROM macros WHERE workspace_id = ?", {workspace_id}));
}

void insert(db::Connection& c, const Macro& m) {
  c.prepare(
       "INSERT INTO macros(id, workspace_id, name, name_key, kind, body, changes, owner_id, created_by, created_at, updated_at, "
       "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({m.id, m.workspace_id, m.name, case_fold::key(m.name), m.kind, m.body, json::serialize(m.changes), owner_value(m),
                 m.created_by, m.created_at, m.updated_at, m.version})
      .run();
}

void update(db::Connection& c, const Macro& m) {
  c.prepare(
       "UPDATE macros SET name = ?, name_key = ?, kind = ?, body = ?, changes = ?, owner_id = ?, updated_at = ?, version = ? "
       "WHERE workspace_id = ? AND id = ?")
      .bind_all({m.name, case_fold::key(m.name), m.kind, m.body, json::serialize(m.changes), owner_value(m), m.updated_at,
                 m.version, m.workspace_id, m.id})
      .run();
}

void remove(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  c.prepare("DELETE FROM macros WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, id}).run();
}

}  // namespace rapport::support::macro_store
