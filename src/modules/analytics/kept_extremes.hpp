// Minimums and maximums of the deals' amount read by one index seek per kept group instead of a scan
// of every deal (issue 17 §1, report speed).
//
// No kept total holds an extreme, but each raw group the kept totals answer (kept_report.hpp) is the
// set of live deals with given key values, and its least or greatest amount is the first entry of an
// index whose keys put those values before the amount: `ORDER BY amount [DESC] LIMIT 1`. A bucket
// that merges kept months (a quarter, a year) or owners (a team) takes the extreme of its raw groups,
// as the scan's partial aggregates are merged (report_query.cpp). This applies when the definition
// is otherwise answered from the kept totals, has no filter, and groups only by:
// - the owner or the team: `deals_owner_amount` (workspace, owner, currency, amount; migration 0077);
// - the expected close date by month, quarter or year, with or without the owner:
//   `deals_close_month_amount` (workspace, close month, currency, amount; owner covered; 0081);
// - nothing: `deals_amount` (workspace, amount; currency and owner covered; 0074), read in amount
//   order keeping the currency's entries.
// The caller's scope needs no condition when the group names its owner (the groups come from the
// scoped totals and scopes are conditions on the owner); otherwise it is part of the read, which then
// skips the entries outside it (at most the group's own entries, never more than the scan reads).
// Anything else is scanned (report_query.cpp).
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "modules/analytics/definition.hpp"
#include "modules/analytics/report_query.hpp"
#include "platform/db/connection.hpp"

namespace rapport::analytics {

// Whether the minimums and maximums of `d` (every one of the amount) can be read by
// kept_extreme_amount: no filter, the deals' own currency, group-bys among the owner, the team and
// the expected close date by month, quarter or year.
bool kept_extremes(const Definition& d);

// The least (`greatest` false) or greatest amount of the caller's live deals in the raw kept group
// `raw` (one key per group-by of `d`, as kept_deal_query reads them: an owner id, a close month's
// first day; null for none) and `currency` (null: none); nullopt when the group holds no amount.
std::optional<int64_t> kept_extreme_amount(db::Connection& c, const identity::Context& ctx, const Definition& d,
                                           const std::vector<Key>& raw, const Key& currency, bool greatest);

}  // namespace rapport::analytics
