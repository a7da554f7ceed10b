// Deals reports answered from the kept deal totals instead of the deals (issue 17 §1, report speed).
//
// Two kept aggregates, each kept by triggers in every deal write's transaction, hold per pipeline,
// stage, owner and currency the count of live deals, the count of those with an amount and the
// amount's two-part sum: `deal_totals` (migrations 0007, 0009, 0064) also per expected close month
// and closed month, `deal_created_totals` (0077) per creation month. A definition asks only for
// these when:
// - its object is deals;
// - every filter is eq, ne or in on pipeline_id, stage_id, owner_id or currency;
// - every group-by is one of those fields, the owner, the team, or one kept month: the expected
//   close date by month, quarter or year, or closed_at or created_at by month, quarter or year in a
//   UTC workspace (the kept month is the UTC month: another zone's local month does not follow from
//   it); created_at is read from deal_created_totals, so it is not grouped with the other two;
// - every measure is a count (of deals, or of a pipeline_id, stage_id or amount), a sum or average
//   of the amount, or the amount's median when kept_medians(d) holds (no filter, grouped by the owner
//   or not at all: its count from here, its middle values read by kept_median.hpp), or the amount's
//   minimum or maximum when kept_extremes(d) holds (no filter, grouped by the owner, the team or the
//   expected close month, quarter or year: each raw group's extreme read by kept_extremes.hpp);
//   other minimums, maximums and medians need the values: the scan.
// A definition that neither filters nor groups by the pipeline or the stage (nor by the closed month)
// reads the owner aggregates of migration 0090 instead, which keep the same figures per owner,
// currency and expected close month (`deal_owner_totals`) or creation month
// (`deal_owner_created_totals`): a few hundred rows at 500,000 deals where the others hold thousands.
// On SQLite the query groups by the kept columns and the pipeline when that gives the kept key's
// order, without a sort (kept_report.cpp, group_by_pipeline_too).
// The caller's scope applies as on the deals (it is on the owner, which the totals keep). Its answer
// is then exactly the scan's; anything else is answered by the scan (`report_query.cpp`).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "modules/analytics/definition.hpp"
#include "platform/db/connection.hpp"
#include "platform/jobs/cron.hpp"

namespace rapport::analytics {

struct KeptQuery {
  std::string sql;
  std::vector<db::Value> params;
};

// The aggregate query of `d` over deal_totals or deal_created_totals, with the columns of the scan's
// query (group keys as the scan reads them raw, the currency when split, the record count, then per
// measure with a field: its count, and for a sum or average the two-part sum, minimum and maximum as
// NULL); nullopt when `d` is not answered from the totals. Filters are compiled by the list filter language, so a bad
// one is still its 400 (from the scan's compilation, which runs first).
// Pieces shared with the other kept readers (kept_range.hpp):
// - whether a filter is eq, ne or in on a key column the kept aggregates keep (pipeline_id, stage_id,
//   owner_id, currency);
bool kept_key_filter(const records::Filter& f);
// - the expression of an owner, team, pipeline_id, stage_id or currency group-by over a kept table's
//   key columns ('' read as NULL), empty for any other;
std::string kept_key_expr(const GroupBy& g);
// - whether a measure is a count of deals (or of a pipeline, stage or amount) or a sum or average of
//   the amount;
bool kept_count_or_sum(const Measure& m);
// - appends `filters` (kept_key_filter ones) and the caller's scope to q as conditions on the kept
//   columns: the same filter SQL as on the deals, since the columns have the same names and '' (NULL
//   kept) compares as NULL does under eq, ne (IS NOT / IS DISTINCT FROM) and in (no id or currency is
//   ''); scopes are conditions on the owner. False when the filters do not compile (the scan answers
//   its 400).
bool append_kept_conditions(KeptQuery& q, const identity::Context& ctx, const Definition& d, const std::vector<records::Filter>& filters,
                            db::Dialect dialect);

std::optional<KeptQuery> kept_deal_query(const identity::Context& ctx, const Definition& d, const jobs::TimeZone& zone,
                                         db::Dialect dialect);

}  // namespace rapport::analytics
