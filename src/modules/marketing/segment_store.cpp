#include "modules/marketing/segment_store.hpp"

#include "platform/case_fold.hpp"

namespace rapport::marketing::segment_store {
namespace json = boost::json;

namespace {

constexpr const char* kColumns = "id, name, object_type, filter, created_by, version, created_at, updated_at";

// The stored JSON is the server's own (written by insert and update).
Segment read(const db::Statement& st) {
  Segment s;
  s.id = st.text(0);
  s.name = st.text(1);
  s.object_type = st.text(2);
  s.filter = json::parse(st.text(3));
  if (!st.is_null(4)) s.created_by = st.text(4);
  s.version = st.int64(5);
  s.created_at = st.text(6);
  s.updated_at = st.text(7);
  return s;
}

db::Value creator(const Segment& s) { return s.created_by.empty() ? db::Value(nullptr) : db::Value(s.created_by); }

}  // namespace

std::optional<Segment> find(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + " FROM segments WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  if (!st.step()) return std::nullopt;
  Segment s = read(st);
  st.reset();
  return s;
}

std::vector<Segment> list(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + " FROM segments WHERE workspace_id = ? ORDER BY name_key, id");
  st.bind_all({workspace_id});
  std::vector<Segment> out;
  while (st.step()) out.push_back(read(st));
  return out;
}

int64_t count(db::Connection& c, const std::string& workspace_id) {
  return std::get<int64_t>(c.scalar("SELECT count(*) FROM segments WHERE workspace_id = ?", {workspace_id}));
}

std::optional<std::string> same_name(db::Connection& c, const std::string& workspace_id, const std::string& name,
                                     const std::string& except_id) {
  auto v = c.scalar("SELECT id FROM segments WHERE workspace_id = ? AND name_key = ? AND id != ?",
                    {workspace_id, case_fold::key(name), except_id});
  if (auto* id = std::get_if<std::string>(&v)) return *id;
  return std::nullopt;
}

void insert(db::Connection& c, const std::string& workspace_id, const Segment& s) {
  c.prepare("INSERT INTO segments(id, workspace_id, name, name_key, object_type, filter, created_by, version, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({s.id, workspace_id, s.name, case_fold::key(s.name), s.object_type, json::serialize(s.filter), creator(s), s.version,
                 s.created_at, s.updated_at})
      .run();
}

void update(db::Connection& c, const std::string& workspace_id, const Segment& s) {
  c.prepare("UPDATE segments SET name = ?, name_key = ?, filter = ?, version = ?, updated_at = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({s.name, case_fold::key(s.name), json::serialize(s.filter), s.version, s.updated_at, workspace_id, s.id})
      .run();
}

void remove(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  c.prepare("DELETE FROM segments WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, id}).run();
}

}  // namespace rapport::marketing::segment_store
