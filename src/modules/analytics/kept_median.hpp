// Medians of the deals' amount read by one ordered index read per group instead of every value
// (issue 17 §1, report speed).
//
// A median needs values, which no kept total holds; but the middle of a group whose size is known
// (its count of amounts, from deal_totals) is found by reading its amounts in order up to the middle:
// `ORDER BY amount LIMIT 1 or 2 OFFSET (n - 1) / 2` over an index ordered by amount within the group.
// The median of those one or two values is the group's. This applies when the definition is
// otherwise answered from the kept totals (kept_report.hpp), has no filter and groups by the owner
// alone or by nothing (always per currency: money is never mixed):
// - a group (an owner, a currency) reads `deals_owner_amount` (workspace, owner, currency, amount;
//   migration 0077) from its start to its middle; the caller's scope needs no condition there, since
//   the group came from the scoped totals and scopes are conditions on the owner;
// - a total (a currency, over every owner the caller reads) reads `deals_amount` (workspace, amount;
//   currency and owner covered, 0074) in order, keeping the currency's and the scope's entries, to
//   the middle.
// Each costs the entries up to the middle (SQLite and PostgreSQL count an offset entry by entry),
// not a read and sort of every value. Anything else reads the values (report_query.cpp).
#pragma once
#include <cstdint>
#include <vector>

#include "modules/analytics/definition.hpp"
#include "modules/analytics/report_query.hpp"
#include "platform/db/connection.hpp"

namespace rapport::analytics {

// Appends " AND <column> = ?" with the key's text, or " AND <column> IS NULL" for the null key (also
// kept_extremes.cpp's).
void append_key_equals(std::string& sql, std::vector<db::Value>& params, const char* column, const Key& key);

// Whether the medians of `d` (answered from the kept totals) are read by kept_middle_amounts: no
// filter, at most one group-by and that the owner, every median of the amount.
bool kept_medians(const Definition& d);

// The middle one or two (ascending) of the `n` amounts of the caller's live deals in `currency`
// (null: none), of `owner` when given (null: none) or else of every owner the caller's scope reads:
// one value when n is odd, two when even, none when n is 0.
std::vector<int64_t> kept_middle_amounts(db::Connection& c, const identity::Context& ctx, const Key* owner, const Key& currency,
                                         int64_t n);

}  // namespace rapport::analytics
