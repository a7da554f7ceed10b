#include "platform/records/matches.hpp"

namespace rapport::records {

namespace {

ListParams params_of(const std::vector<Filter>& filters) {
  ListParams p;
  p.limit = 1;
  p.filters = filters;
  return p;
}

}  // namespace

Result<bool> matches(db::Connection& c, const ObjectSpec& spec, const std::vector<CustomFieldDef>& custom_defs,
                     const std::vector<Filter>& filters, const std::string& workspace_id, const std::string& id,
                     bool include_deleted) {
  auto q = compile_list(spec, custom_defs, params_of(filters), c.dialect(), workspace_id);
  if (!q) return q.take_problem();
  // spec.object is the table (never request text); q.where holds bound parameters only.
  std::string sql = "SELECT 1 FROM " + spec.object + " WHERE workspace_id = ? AND id = ?";
  if (!include_deleted) sql += " AND deleted_at IS NULL";
  sql += q->where;
  std::vector<db::Value> params{workspace_id, id};
  params.insert(params.end(), q->params.begin(), q->params.end());
  return !std::holds_alternative<std::nullptr_t>(c.scalar(sql, params));
}

Status check_filters(const ObjectSpec& spec, const std::vector<CustomFieldDef>& custom_defs, const std::vector<Filter>& filters) {
  auto q = compile_list(spec, custom_defs, params_of(filters));
  if (!q) return q.take_problem();
  return ok_status();
}

}  // namespace rapport::records
