#include "modules/analytics/kept_report.hpp"

#include <algorithm>

#include "modules/analytics/kept_extremes.hpp"
#include "modules/analytics/kept_median.hpp"
#include "platform/identity/team_columns.hpp"
#include "platform/records/scope.hpp"

namespace rapport::analytics {

namespace {

// A month column as the scan reads the date raw: its first day, whose month, quarter and year are the
// date's ('' is NULL).
std::string month_as_date(const char* column) {
  std::string out = "CASE WHEN ";
  out.append(column).append(" = '' THEN NULL ELSE ").append(column).append(" || '-01' END");
  return out;
}

// The kept aggregates of deals: deal_totals keeps pipeline, stage, owner, currency and the expected
// close and closed months; deal_created_totals (migration 0077) pipeline, stage, owner, currency and
// the creation month; deal_owner_totals and deal_owner_created_totals (0090) only the owner, the
// currency and the expected close month or the creation month: a few hundred rows where the others
// hold thousands.
enum class Kept { Totals, CreatedTotals, OwnerTotals, OwnerCreatedTotals };

const char* table_of(Kept from) {
  switch (from) {
    case Kept::Totals: return "deal_totals";
    case Kept::CreatedTotals: return "deal_created_totals";
    case Kept::OwnerTotals: return "deal_owner_totals";
    case Kept::OwnerCreatedTotals: return "deal_owner_created_totals";
  }
  return "deal_totals";
}

bool by_creation(Kept from) { return from == Kept::CreatedTotals || from == Kept::OwnerCreatedTotals; }

bool by_month(const GroupBy& g) {
  return g.bucket && (*g.bucket == Bucket::Month || *g.bucket == Bucket::Quarter || *g.bucket == Bucket::Year);
}

// Which kept aggregate could answer the definition: the smallest that keeps what it filters and
// groups by. The creation month is only in the creation aggregates, the closed month only in
// deal_totals, the pipeline and the stage only in the first two.
Kept kept_source(const Definition& d) {
  auto pipeline_or_stage = [](const std::string& field) { return field == "pipeline_id" || field == "stage_id"; };
  bool created = false, closed = false;
  bool narrow = std::any_of(d.filters.begin(), d.filters.end(), [&](const records::Filter& f) { return pipeline_or_stage(f.field); });
  for (const auto& g : d.group_by) {
    created = created || (g.kind == GroupKind::Time && g.field == "created_at");
    closed = closed || (g.kind == GroupKind::Time && g.field == "closed_at");
    narrow = narrow || (g.kind == GroupKind::Field && pipeline_or_stage(g.field));
  }
  if (created) return narrow ? Kept::CreatedTotals : Kept::OwnerCreatedTotals;
  return narrow || closed ? Kept::Totals : Kept::OwnerTotals;
}

// The raw group expression over the kept aggregate `from` of a group-by, or empty when it does not
// keep it. A time's month is the UTC month: in another zone a local month starts at another instant.
std::string group_expr(const GroupBy& g, bool utc, Kept from) {
  switch (g.kind) {
    case GroupKind::Owner:
    case GroupKind::Team:
    case GroupKind::Field: return kept_key_expr(g);
    case GroupKind::Date:
      return !by_creation(from) && g.field == "expected_close_date" && by_month(g) ? month_as_date("close_month") : std::string{};
    case GroupKind::Time:
      if (!by_month(g) || !utc) return {};
      if (from == Kept::Totals && g.field == "closed_at") return month_as_date("closed_month");
      if (by_creation(from) && g.field == "created_at") return month_as_date("created_month");
      return {};
  }
  return {};
}

// The kept column a group-by's expression reads (group_expr's), to group by in the key's order: the
// groups are the same (each expression maps its column one to one).
std::string raw_column(const GroupBy& g, Kept from) {
  switch (g.kind) {
    case GroupKind::Owner:
    case GroupKind::Team: return "owner_id";
    case GroupKind::Field: return g.field;  // pipeline_id, stage_id or currency (group_expr checked)
    case GroupKind::Date: return "close_month";
    case GroupKind::Time: return by_creation(from) ? "created_month" : "closed_month";
  }
  return {};
}

// Whether grouping also by the pipeline lets SQLite read the groups in the kept table's key order
// (workspace, pipeline, month, owner, currency, stage[, closed month]) instead of sorting every row
// for GROUP BY: when the other grouped columns are the first ones of the key after the pipeline.
// Each group then comes once per pipeline, and run_report merges them as it merges a team's owners;
// at 500,000 deals the owner × close quarter and owner × created month shapes sort several thousand
// kept rows otherwise. Not with seeks of extremes (one per raw group, kept_extremes.hpp).
bool group_by_pipeline_too(const std::vector<std::string>& columns, Kept from) {
  if (from != Kept::Totals && from != Kept::CreatedTotals) return false;  // the owner aggregates: a few hundred rows to sort
  const std::vector<std::string> key = from == Kept::Totals
                                           ? std::vector<std::string>{"close_month", "owner_id", "currency", "stage_id", "closed_month"}
                                           : std::vector<std::string>{"created_month", "owner_id", "currency", "stage_id"};
  std::vector<std::string> others;
  for (const auto& c : columns)
    if (c != "pipeline_id" && std::find(others.begin(), others.end(), c) == others.end()) others.push_back(c);
  if (others.empty() || others.size() > key.size()) return false;
  for (std::size_t i = 0; i < others.size(); ++i)
    if (std::find(others.begin(), others.end(), key[i]) == others.end()) return false;
  return true;
}

}  // namespace

bool kept_key_filter(const records::Filter& f) {
  const bool key = f.field == "pipeline_id" || f.field == "stage_id" || f.field == "owner_id" || f.field == "currency";
  return key && (f.op == "eq" || f.op == "ne" || f.op == "in");
}

std::string kept_key_expr(const GroupBy& g) {
  switch (g.kind) {
    case GroupKind::Owner:
    case GroupKind::Team: return "NULLIF(owner_id, '')";
    case GroupKind::Field:
      if (g.field == "pipeline_id" || g.field == "stage_id") return g.field;
      if (g.field == "currency") return "NULLIF(currency, '')";
      return {};
    default: return {};
  }
}

bool kept_count_or_sum(const Measure& m) {
  const bool counted = m.op == Op::Count && (m.field.empty() || m.field == "pipeline_id" || m.field == "stage_id" || m.field == "amount");
  return counted || ((m.op == Op::Sum || m.op == Op::Avg) && m.field == "amount");
}

bool append_kept_conditions(KeptQuery& q, const identity::Context& ctx, const Definition& d, const std::vector<records::Filter>& filters,
                            db::Dialect dialect) {
  records::ListParams lp;
  lp.filters = filters;
  auto compiled = records::compile_list(*d.spec, {}, lp, dialect, ctx.workspace_id);
  if (!compiled) return false;
  q.sql += compiled->where;
  q.params.insert(q.params.end(), compiled->params.begin(), compiled->params.end());
  records::append_scope(q.sql, q.params, ctx, "deals", identity::Action::Read);
  return true;
}

std::optional<KeptQuery> kept_deal_query(const identity::Context& ctx, const Definition& d, const jobs::TimeZone& zone,
                                         db::Dialect dialect) {
  if (d.spec == nullptr || d.spec->object != "deals") return std::nullopt;
  if (!identity::team_column("deals").empty()) return std::nullopt;  // a scope deal_totals could not apply
  for (const auto& f : d.filters)
    if (!kept_key_filter(f)) return std::nullopt;
  for (const auto& m : d.measures) {
    const bool middle = m.op == Op::Median && kept_medians(d);  // its count here, its values by kept_median.hpp
    const bool extreme = (m.op == Op::Min || m.op == Op::Max) && kept_extremes(d);  // read by kept_extremes.hpp
    if (!kept_count_or_sum(m) && !middle && !extreme) return std::nullopt;
  }
  if (!d.currency_field.empty() && d.currency_field != "currency") return std::nullopt;

  const Kept from = kept_source(d);
  KeptQuery q;
  std::size_t keys = 0;
  std::vector<std::string> columns;  // what to group by
  q.sql = "SELECT ";
  for (const auto& g : d.group_by) {
    std::string e = group_expr(g, is_utc(zone), from);
    if (e.empty()) return std::nullopt;
    q.sql.append(keys++ ? ", " : "").append(e);
    columns.push_back(raw_column(g, from));
  }
  if (!d.currency_field.empty()) {
    q.sql.append(keys++ ? ", " : "").append("NULLIF(currency, '')");
    columns.emplace_back("currency");
  }
  q.sql += keys ? ", " : "";
  q.sql += "CAST(sum(deals) AS BIGINT)";
  for (const auto& m : d.measures) {
    if (m.field.empty()) continue;
    q.sql += m.field == "amount" ? ", CAST(sum(amounts) AS BIGINT)" : ", CAST(sum(deals) AS BIGINT)";
    if (m.op != Op::Count) q.sql += ", CAST(sum(amount_high) AS BIGINT), CAST(sum(amount_low) AS BIGINT), NULL, NULL";
  }
  // Rows a change brought to zero may stay: they hold no deal and make no group.
  q.sql.append(" FROM ").append(table_of(from));
  q.sql += " WHERE workspace_id = ? AND deals > 0";
  q.params.emplace_back(ctx.workspace_id);
  if (!append_kept_conditions(q, ctx, d, d.filters, dialect)) return std::nullopt;  // the scan answers its 400
  const bool seeks = std::any_of(d.measures.begin(), d.measures.end(), [](const Measure& m) { return m.op == Op::Min || m.op == Op::Max; });
  if (dialect == db::Dialect::Sqlite && !seeks && group_by_pipeline_too(columns, from)) {
    // By the kept columns, in the key's order: no sort.
    if (std::find(columns.begin(), columns.end(), "pipeline_id") == columns.end()) columns.insert(columns.begin(), "pipeline_id");
    for (std::size_t i = 0; i < columns.size(); ++i) q.sql.append(i ? ", " : " GROUP BY ").append(columns[i]);
  } else {
    // By the selected expressions: grouped by a raw close month, SQLite would read deal_totals_close
    // (not covering) entry by entry and still sort by the currency, twice the cost of this plan.
    for (std::size_t i = 1; i <= keys; ++i) q.sql.append(i > 1 ? ", " : " GROUP BY ").append(std::to_string(i));
  }
  return q;
}

}  // namespace rapport::analytics
