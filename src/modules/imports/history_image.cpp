#include "modules/imports/history_image.hpp"

#include "platform/db/multi_row.hpp"

namespace rapport::imports {
namespace json = boost::json;

namespace {

json::value value_of(const db::Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return json::value(*s);
  return nullptr;
}

db::Value db_value(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return nullptr;
  return std::string(v->as_string());
}

}  // namespace

json::object read_history(db::Connection& c, const std::string& workspace_id, const std::string& table, const std::string& id) {
  json::object out;
  // `table` is the import's object (a record spec's table), never request text.
  out["created_at"] = value_of(c.scalar("SELECT created_at FROM " + table + " WHERE workspace_id = ? AND id = ?", {workspace_id, id}));
  if (table != "deals") return out;
  out["closed_at"] = value_of(c.scalar("SELECT closed_at FROM deals WHERE workspace_id = ? AND id = ?", {workspace_id, id}));
  out["stage_entered_at"] = value_of(c.scalar("SELECT stage_entered_at FROM deals WHERE workspace_id = ? AND id = ?", {workspace_id, id}));
  json::array rows;
  auto& st = c.prepare(
      "SELECT from_stage_id, to_stage_id, changed_at, changed_by FROM deal_stage_history WHERE workspace_id = ? AND deal_id = ? "
      "ORDER BY id");
  st.bind_all({workspace_id, id});
  while (st.step())
    rows.push_back(json::array{value_of(st.value(0)), value_of(st.value(1)), value_of(st.value(2)), value_of(st.value(3))});
  st.reset();
  out["stage_history"] = std::move(rows);
  return out;
}

void restore_history(db::Connection& c, const std::string& workspace_id, const std::string& table, const std::string& id,
                     const json::object& history) {
  if (auto created = db_value(history, "created_at"); std::holds_alternative<std::string>(created))
    c.prepare("UPDATE " + table + " SET created_at = ? WHERE workspace_id = ? AND id = ?").bind_all({created, workspace_id, id}).run();
  if (table != "deals") return;
  c.prepare("UPDATE deals SET closed_at = ?, stage_entered_at = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({db_value(history, "closed_at"), db_value(history, "stage_entered_at"), workspace_id, id})
      .run();
  const auto* rows = history.if_contains("stage_history");
  if (!rows || !rows->is_array()) return;
  c.prepare("DELETE FROM deal_stage_history WHERE workspace_id = ? AND deal_id = ?").bind_all({workspace_id, id}).run();
  std::vector<db::Value> values;
  for (const auto& r : rows->as_array()) {
    if (!r.is_array() || r.as_array().size() != 4) continue;
    const auto& a = r.as_array();
    auto text = [](const json::value& v) { return v.is_string() ? db::Value(std::string(v.as_string())) : db::Value(nullptr); };
    values.insert(values.end(), {workspace_id, id, text(a[0]), text(a[1]), text(a[2]), text(a[3])});
  }
  if (!values.empty())
    db::insert_rows(c, "deal_stage_history(workspace_id, deal_id, from_stage_id, to_stage_id, changed_at, changed_by)",
                    {"TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT"}, values);
}

}  // namespace rapport::imports
