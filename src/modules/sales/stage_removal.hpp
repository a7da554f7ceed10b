// What removing a stage does to the deals in it: each one, live or in the recycle bin, moves to the
// stage named by ?move_to as a change of the deal made by the server (records::write_change: version,
// audit entry, deal.updated event) with its stage-history entry and deal.stage_changed, so nothing
// is moved behind the back of the audit log, the events or the won/lost rules. The deals are moved
// 512 at a time, each batch by a few set-based statements (records::write_changes, enter_stage_many),
// all in the caller's one transaction.
#pragma once
#include <optional>
#include <string>

#include "access/context.hpp"
#include "modules/sales/pipelines.hpp"
#include "platform/db/connection.hpp"
#include "platform/problem.hpp"

namespace rapport::sales {

// Deals in the stage: live ones and those in the recycle bin.
struct StageDeals {
  int64_t live = 0, deleted = 0;
};
StageDeals deals_in_stage(db::Connection& c, const std::string& workspace_id, const std::string& stage_id);

// Moves every deal of `from` to `to` (runs inside the caller's write transaction). Live deals keep
// their order below the deals already in `to`. Into a won or lost stage a deal gets closed_at (now)
// and, when it has none, expected_close_date = today (UTC): the day it closed; into a lost stage a
// deal without a lost_reason gets `lost_reason`, and when that is not given and some deal needs it,
// the answer is 422 (field lost_reason, with the ids of up to 20 such deals) and nothing moves.
// Returns the number of deals moved.
Result<int64_t> move_stage_deals(db::Connection& c, const access::Context& ctx, const Stage& from, const Stage& to,
                                 const std::optional<std::string>& lost_reason);

}  // namespace rapport::sales
