#include "modules/analytics/kept_report.hpp"

#include "platform/identity/team_columns.hpp"
#include "platform/records/scope.hpp"

namespace rapport::analytics {

namespace {

// The key columns deal_totals keeps of a deal ('' for NULL in owner_id and currency).
bool kept_field(const std::string& field) {
  return field == "pipeline_id" || field == "stage_id" || field == "owner_id" || field == "currency";
}

// A month column as the scan reads the date raw: its first day, whose month, quarter and year are the
// date's ('' is NULL).
std::string month_as_date(const char* column) {
  std::string out = "CASE WHEN ";
  out.append(column).append(" = '' THEN NULL ELSE ").append(column).append(" || '-01' END");
  return out;
}

// The raw group expression over deal_totals of a group-by, or empty when the totals do not keep it.
std::string group_expr(const GroupBy& g, bool utc) {
  const bool by_month = g.bucket && (*g.bucket == Bucket::Month || *g.bucket == Bucket::Quarter || *g.bucket == Bucket::Year);
  switch (g.kind) {
    case GroupKind::Owner:
    case GroupKind::Team: return "NULLIF(owner_id, '')";
    case GroupKind::Field:
      if (g.field == "pipeline_id" || g.field == "stage_id") return g.field;
      if (g.field == "currency") return "NULLIF(currency, '')";
      return {};
    case GroupKind::Date: return g.field == "expected_close_date" && by_month ? month_as_date("close_month") : std::string{};
    case GroupKind::Time: return g.field == "closed_at" && by_month && utc ? month_as_date("closed_month") : std::string{};
  }
  return {};
}

}  // namespace

std::optional<KeptQuery> kept_deal_query(const identity::Context& ctx, const Definition& d, const jobs::TimeZone& zone,
                                         db::Dialect dialect) {
  if (d.spec == nullptr || d.spec->object != "deals") return std::nullopt;
  if (!identity::team_column("deals").empty()) return std::nullopt;  // a scope deal_totals could not apply
  for (const auto& f : d.filters)
    if (!kept_field(f.field) || (f.op != "eq" && f.op != "ne" && f.op != "in")) return std::nullopt;
  for (const auto& m : d.measures) {
    const bool counted = m.op == Op::Count && (m.field.empty() || m.field == "pipeline_id" || m.field == "stage_id" || m.field == "amount");
    const bool summed = (m.op == Op::Sum || m.op == Op::Avg) && m.field == "amount";
    if (!counted && !summed) return std::nullopt;
  }
  if (!d.currency_field.empty() && d.currency_field != "currency") return std::nullopt;

  KeptQuery q;
  std::size_t keys = 0;
  q.sql = "SELECT ";
  for (const auto& g : d.group_by) {
    std::string e = group_expr(g, is_utc(zone));
    if (e.empty()) return std::nullopt;
    q.sql.append(keys++ ? ", " : "").append(e);
  }
  if (!d.currency_field.empty()) q.sql.append(keys++ ? ", " : "").append("NULLIF(currency, '')");
  q.sql += keys ? ", " : "";
  q.sql += "CAST(sum(deals) AS BIGINT)";
  for (const auto& m : d.measures) {
    if (m.field.empty()) continue;
    q.sql += m.field == "amount" ? ", CAST(sum(amounts) AS BIGINT)" : ", CAST(sum(deals) AS BIGINT)";
    if (m.op != Op::Count) q.sql += ", CAST(sum(amount_high) AS BIGINT), CAST(sum(amount_low) AS BIGINT), NULL, NULL";
  }
  // Rows a change brought to zero may stay: they hold no deal and make no group.
  q.sql += " FROM deal_totals WHERE workspace_id = ? AND deals > 0";
  q.params.emplace_back(ctx.workspace_id);
  // The same filter SQL as on the deals: the columns have the same names, and '' (NULL kept) compares
  // as NULL does under eq, ne (IS NOT / IS DISTINCT FROM) and in, since no id or currency is ''.
  records::ListParams lp;
  lp.filters = d.filters;
  auto compiled = records::compile_list(*d.spec, {}, lp, dialect, ctx.workspace_id);
  if (!compiled) return std::nullopt;  // the scan answers its 400
  q.sql += compiled->where;
  q.params.insert(q.params.end(), compiled->params.begin(), compiled->params.end());
  records::append_scope(q.sql, q.params, ctx, "deals", identity::Action::Read);
  if (keys) {
    q.sql += " GROUP BY ";
    for (std::size_t i = 1; i <= keys; ++i) {
      if (i > 1) q.sql += ", ";
      q.sql += std::to_string(i);
    }
  }
  return q;
}

}  // namespace rapport::analytics
