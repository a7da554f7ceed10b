// The deals a campaign influenced (issue 16 §7), for its report. Stated plainly:
// - A touch is a click on a campaign's tracked link by a contact (an event not flagged bot or
//   prefetch: tracking_flags.hpp). Opens are not touches (images load by themselves).
// - A live deal is influenced by a campaign when one of the deal's contacts touched some campaign
//   within `window_days` before the deal was created (up to its creation), and, among all those
//   touches of all its contacts, the campaign holds the earliest one (first_touch) or the latest
//   one (last_touch). Each deal is thus credited to one campaign at most, per model; a tie of one
//   millisecond goes to the touch with the smaller event id.
// - Its outcome is its stage's type now: open, won or lost. Amounts are summed per currency
//   (money::Total, exact; 422 `amount-overflow` naming the currency when a sum leaves int64); a deal
//   without an amount counts but holds no money.
// - Who sees what: the counts to anyone who may read the report (as the segments' has_open_deal
//   tells a marketer that a deal exists); the amounts only to a role that reads every deal and is
//   not hidden the deal amount (the marketing role reads no deals: amounts_shown false, amounts null).
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <string>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"
#include "platform/problem.hpp"

namespace rapport::marketing {

constexpr int64_t kDefaultAttributionDays = 30;
constexpr int64_t kMaxAttributionDays = 365;

struct AttributionQuery {
  std::string model = "last_touch";  // or first_touch
  int64_t window_days = kDefaultAttributionDays;
};

// {"model", "window_days", "touch": "click", "deals", "open_deals", "won_deals", "lost_deals",
//  "amounts_shown", "open_amount": [{"currency", "amount"}] | null, "won_amount": [...] | null}.
Result<boost::json::object> campaign_attribution(db::Connection& c, const identity::Context& ctx, const std::string& campaign_id,
                                                 const AttributionQuery& q);

}  // namespace rapport::marketing
