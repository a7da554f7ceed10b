#include "modules/analytics/kept_range.hpp"

#include <charconv>
#include <limits>

#include "modules/analytics/amount_buckets.hpp"

namespace rapport::analytics {

namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// The amounts [low, high] the amount filters leave (low > high: none); nullopt when a filter on the
// amount is not a bound or its value not an integer (the scan answers it, or its 400).
struct Range {
  int64_t low = kMin, high = kMax;
};
std::optional<Range> amount_range(const std::vector<records::Filter>& filters) {
  Range r;
  bool any = false;
  for (const auto& f : filters) {
    if (f.field != "amount") continue;
    int64_t v = 0;
    const char* end = f.value.data() + f.value.size();
    auto [ptr, ec] = std::from_chars(f.value.data(), end, v);
    if (ec != std::errc{} || ptr != end || f.value.empty()) return std::nullopt;
    if (f.op == "gte") r.low = std::max(r.low, v);
    else if (f.op == "lte") r.high = std::min(r.high, v);
    else if (f.op == "gt") {
      if (v == kMax) r.low = kMax, r.high = kMin;  // nothing is greater
      else r.low = std::max(r.low, v + 1);
    } else if (f.op == "lt") {
      if (v == kMin) r.low = kMax, r.high = kMin;  // nothing is less
      else r.high = std::min(r.high, v - 1);
    } else {
      return std::nullopt;
    }
    any = true;
  }
  if (!any) return std::nullopt;
  return r;
}

// " UNION ALL SELECT <the kept columns> of the live deals with an amount in [low, high]" (deals_amount).
void append_edge(KeptQuery& q, const identity::Context& ctx, int64_t low, int64_t high) {
  q.sql += " UNION ALL SELECT pipeline_id, stage_id, coalesce(currency, '') AS currency, 1 AS deals, amount / 1000000000 AS amount_high, "
           "amount % 1000000000 AS amount_low FROM deals "
           "WHERE workspace_id = ? AND deleted_at IS NULL AND amount >= ? AND amount <= ?";
  q.params.emplace_back(ctx.workspace_id);
  q.params.emplace_back(low);
  q.params.emplace_back(high);
}

}  // namespace

std::optional<KeptQuery> kept_range_query(const identity::Context& ctx, const Definition& d, db::Dialect dialect) {
  if (d.spec == nullptr || d.spec->object != "deals") return std::nullopt;
  // The buckets keep no owner: only a caller who reads every deal of the workspace, and no owner filter.
  if (ctx.scope("deals", identity::Action::Read) != identity::Scope::All) return std::nullopt;
  std::vector<records::Filter> keys;
  for (const auto& f : d.filters) {
    if (f.field == "amount") continue;
    if (!kept_key_filter(f) || f.field == "owner_id") return std::nullopt;
    keys.push_back(f);
  }
  const auto range = amount_range(d.filters);
  if (!range) return std::nullopt;
  for (const auto& m : d.measures)
    if (!kept_count_or_sum(m)) return std::nullopt;
  if (!d.currency_field.empty() && d.currency_field != "currency") return std::nullopt;

  KeptQuery q;
  std::size_t keys_selected = 0;
  q.sql = "SELECT ";
  for (const auto& g : d.group_by) {
    const std::string e = g.kind == GroupKind::Field ? kept_key_expr(g) : std::string();  // not the owner, nor the team
    if (e.empty()) return std::nullopt;
    q.sql.append(keys_selected++ ? ", " : "").append(e);
  }
  if (!d.currency_field.empty()) q.sql.append(keys_selected++ ? ", " : "").append("NULLIF(currency, '')");
  q.sql += keys_selected ? ", " : "";
  q.sql += "CAST(sum(deals) AS BIGINT)";
  for (const auto& m : d.measures) {
    if (m.field.empty()) continue;
    q.sql += ", CAST(sum(deals) AS BIGINT)";  // every deal in range has an amount (and a pipeline and stage)
    if (m.op != Op::Count) q.sql += ", CAST(sum(amount_high) AS BIGINT), CAST(sum(amount_low) AS BIGINT), NULL, NULL";
  }

  // The buckets strictly between the ends' buckets lie wholly inside the range; the ends' buckets are
  // read deal by deal, only their amounts in range. An end at the int64 limit is no end: every bucket
  // on that side is whole.
  const bool has_low = range->low > kMin, has_high = range->high < kMax;
  const int64_t low_bucket = has_low ? amount_bucket(range->low) : 0, high_bucket = has_high ? amount_bucket(range->high) : 0;
  q.sql += " FROM (SELECT pipeline_id, stage_id, currency, deals, amount_high, amount_low FROM deal_stage_amount_buckets "
           "WHERE workspace_id = ? AND deals > 0";
  q.params.emplace_back(ctx.workspace_id);
  if (has_low) {
    q.sql += " AND bucket > ?";
    q.params.emplace_back(low_bucket);
  }
  if (has_high) {
    q.sql += " AND bucket < ?";
    q.params.emplace_back(high_bucket);
  }
  if (range->low <= range->high) {
    if (has_low) append_edge(q, ctx, range->low, std::min(range->high, amount_bucket_ceiling(low_bucket)));
    if (has_high && !(has_low && high_bucket == low_bucket))
      append_edge(q, ctx, std::max(range->low, amount_bucket_floor(high_bucket)), range->high);
  }
  q.sql += ") AS in_range WHERE 1 = 1";
  if (!append_kept_conditions(q, ctx, d, keys, dialect)) return std::nullopt;
  for (std::size_t i = 1; i <= keys_selected; ++i) q.sql.append(i > 1 ? ", " : " GROUP BY ").append(std::to_string(i));
  return q;
}

}  // namespace rapport::analytics
