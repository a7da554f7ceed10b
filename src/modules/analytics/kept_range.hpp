// Deals reports filtered by a range of the amount, answered from kept buckets of amounts instead of
// every matching deal (issue 17 §1, report speed).
//
// `deal_stage_amount_buckets` (migration 0089) keeps, per bucket of amounts (0084's: the amount
// truncated toward zero to two significant digits), pipeline, stage and currency, the count of live
// deals with an amount and the amount's two-part sum. A range [low, high] of amounts covers every
// bucket strictly between the buckets of its two ends wholly: those are read as kept rows. The one or
// two buckets its ends fall in are read deal by deal from `deals_amount` (workspace, amount; pipeline,
// stage and currency covered, migration 0074), only their amounts inside the range. A bucket is at
// most a hundredth of its amounts' magnitude wide, so the deals read are a few hundredths of the
// matching ones at most, whatever the range.
//
// A definition is answered so when: its object is deals; the caller reads every deal of the
// workspace (the buckets keep no owner, so a narrower scope reads the deals); it filters the amount
// by lt, lte, gt or gte (each an integer; several make one range) and otherwise only by eq, ne or in
// on pipeline_id, stage_id or currency; it groups by those fields; every measure is a count (of
// deals, or of a pipeline_id, stage_id or amount: the same, since every deal in range has an amount)
// or a sum or average of the amount. Its answer is then exactly the scan's; anything else is
// answered by kept_report.hpp or the scan (report_query.cpp).
#pragma once
#include <optional>

#include "modules/analytics/kept_report.hpp"

namespace rapport::analytics {

// The aggregate query of `d` over the kept buckets and the deals of the range's edge buckets, with
// the columns of kept_deal_query's; nullopt when `d` is not answered so.
std::optional<KeptQuery> kept_range_query(const identity::Context& ctx, const Definition& d, db::Dialect dialect);

}  // namespace rapport::analytics
