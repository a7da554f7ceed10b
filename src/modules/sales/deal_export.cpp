#include "modules/sales/deal_export.hpp"

#include <boost/json.hpp>

#include "platform/db/in_list.hpp"
#include "platform/records/scope.hpp"

namespace rapport::sales {
namespace json = boost::json;

std::unordered_map<std::string, std::vector<std::string>> deal_export_cells(db::Connection& c, const identity::Context& ctx,
                                                                            const std::vector<std::string>& ids) {
  std::unordered_map<std::string, std::vector<std::string>> out;
  if (ids.empty()) return out;
  std::vector<db::Value> id_values(ids.begin(), ids.end());
  auto cells_of = [&](const std::string& deal) -> std::vector<std::string>& {
    auto& cells = out[deal];
    cells.resize(deal_export_headers().size());
    return cells;
  };

  if (!records::is_hidden(ctx, "contacts", "email")) {
    std::string sql =
        "SELECT dc.deal_id, c.email, dc.role FROM deal_contacts dc JOIN contacts c ON c.id = dc.contact_id "
        "WHERE dc.workspace_id = ? AND c.workspace_id = ? AND c.deleted_at IS NULL AND c.email IS NOT NULL AND dc.deal_id IN ";
    std::vector<db::Value> params{ctx.workspace_id, ctx.workspace_id};
    db::append_in_list(sql, params, id_values);
    records::append_scope(sql, params, ctx, "contacts", identity::Action::Read, "c.");
    sql += " ORDER BY dc.deal_id, c.email";
    auto& st = c.prepare(sql);
    st.bind_all(params);
    while (st.step()) {
      std::string& cell = cells_of(st.text(0))[0];
      if (!cell.empty()) cell += "; ";
      cell += st.text(1);
      if (!st.is_null(2)) {
        cell += " (";
        cell += st.text(2);
        cell += ")";
      }
    }
    st.reset();
  }

  std::string sql =
      "SELECT h.deal_id, t.name, h.changed_at FROM deal_stage_history h JOIN pipeline_stages t ON t.id = h.to_stage_id "
      "WHERE h.workspace_id = ? AND h.deal_id IN ";
  std::vector<db::Value> params{ctx.workspace_id};
  db::append_in_list(sql, params, id_values);
  sql += " ORDER BY h.deal_id, h.id";
  std::unordered_map<std::string, json::array> history;
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) history[st.text(0)].push_back(json::object{{"stage", st.text(1)}, {"at", st.text(2)}});
  st.reset();
  for (auto& [deal, entries] : history) cells_of(deal)[1] = json::serialize(entries);
  return out;
}

}  // namespace rapport::sales
