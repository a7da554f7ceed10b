#include "platform/records/matches.hpp"

#include "platform/records/scope.hpp"

namespace rapport::records {

namespace {

ListParams params_of(const std::vector<Filter>& filters) {
  ListParams p;
  p.limit = 1;
  p.filters = filters;
  return p;
}

// The row's question, with the scope of `ctx` when there is one.
Result<bool> ask(db::Connection& c, const identity::Context* ctx, const ObjectSpec& spec, const std::vector<CustomFieldDef>& custom_defs,
                 const std::vector<Filter>& filters, const std::string& workspace_id, const std::string& id, bool include_deleted) {
  auto q = compile_list(spec, custom_defs, params_of(filters), c.dialect(), workspace_id);
  if (!q) return q.take_problem();
  // spec.object is the table (never request text); q.where holds bound parameters only.
  std::string sql = "SELECT 1 FROM " + spec.object + " WHERE workspace_id = ? AND id = ?";
  std::vector<db::Value> params{workspace_id, id};
  if (!include_deleted) sql += " AND deleted_at IS NULL";
  if (ctx) append_scope(sql, params, *ctx, spec.object, identity::Action::Read);
  sql += q->where;
  params.insert(params.end(), q->params.begin(), q->params.end());
  return !std::holds_alternative<std::nullptr_t>(c.scalar(sql, params));
}

}  // namespace

Result<bool> matches(db::Connection& c, const ObjectSpec& spec, const std::vector<CustomFieldDef>& custom_defs,
                     const std::vector<Filter>& filters, const std::string& workspace_id, const std::string& id,
                     bool include_deleted) {
  return ask(c, nullptr, spec, custom_defs, filters, workspace_id, id, include_deleted);
}

Result<bool> matches_in_scope(db::Connection& c, const identity::Context& ctx, const ObjectSpec& spec,
                              const std::vector<CustomFieldDef>& custom_defs, const std::vector<Filter>& filters,
                              const std::string& id, bool include_deleted) {
  return ask(c, &ctx, spec, custom_defs, filters, ctx.workspace_id, id, include_deleted);
}

Status check_filters(const ObjectSpec& spec, const std::vector<CustomFieldDef>& custom_defs, const std::vector<Filter>& filters) {
  auto q = compile_list(spec, custom_defs, params_of(filters));
  if (!q) return q.take_problem();
  return ok_status();
}

}  // namespace rapport::records
