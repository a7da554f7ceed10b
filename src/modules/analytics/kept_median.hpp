// Medians of the deals' amount read by one short index read per group instead of every value
// (issue 17 §1, report speed).
//
// A median needs values, which no kept total holds; but the middle of a group whose size is known
// (its count of amounts, from deal_totals) is found from kept counts of its amounts by bucket
// (`deal_amount_buckets`, migration 0084: per owner and currency, the live deals whose amount
// truncated to two significant digits is the bucket): the buckets summed in order up to the one that
// holds the middle rank give that bucket's least amount and the ranks below it; the deals' index is
// then read from that amount, `ORDER BY amount LIMIT 1 or 2 OFFSET <the middle's rank in the
// bucket>`. The median of those one or two values is the group's. This applies when the definition is
// otherwise answered from the kept totals (kept_report.hpp), has no filter and groups by the owner
// alone or by nothing (always per currency: money is never mixed):
// - a group (an owner, a currency) sums its own buckets and reads `deals_owner_amount` (workspace,
//   owner, currency, amount; migration 0077); the caller's scope needs no condition there, since the
//   group came from the scoped totals and scopes are conditions on the owner;
// - a total (a currency, over every owner the caller reads) sums the buckets of the owners in the
//   caller's scope by bucket and reads `deals_amount` (workspace, amount; currency and owner covered,
//   0074) in order from the bucket's least amount, keeping the currency's and the scope's entries.
// Each costs the group's buckets up to the middle (at most 90 a decade of amounts) and the entries of
// one bucket (at most a hundredth of the amounts' magnitude wide), not half the group's entries. When
// the counts do not reach the middle (a write between the reads), the read starts at the group's first
// amount, as it did before 0084. Anything else reads the values (report_query.cpp).
#pragma once
#include <cstdint>
#include <vector>

#include "modules/analytics/amount_buckets.hpp"
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
