// The funnel's closed deals and time per stage (GET /api/v1/reports/funnel, reports_funnel.cpp), each
// two ways with the same answer:
//  - kept: from deal_closed_totals and deal_stage_times (migration 0080), a few hundred rows whatever
//    the number of deals (the triggers that keep them run in every write's transaction);
//  - scanned: from the deals and their stage history, row by row. Used when the caller's deal scope
//    is on a team column (identity::team_column), which the kept tables do not hold, and by the test
//    that compares both (funnel_figures_test.cpp).
// Both apply the same window, pipeline, owner and record-scope conditions.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/context.hpp"
#include "platform/db/database.hpp"

namespace rapport::sales::funnel {

struct Filter {
  std::string workspace_id;
  int from_month = 0, to_month = 0;  // both included (reports::parse_month numbers)
  std::string pipeline_id;           // empty: every pipeline
  std::vector<std::string> owners;   // empty: every owner the caller may read
};

// " AND <prefix>pipeline_id = ?" (the deal's own pipeline) and the owner conditions, then the caller's
// record scope on deals.
void deal_filters(std::string& sql, std::vector<db::Value>& params, const access::Context& ctx, const Filter& f,
                  std::string_view prefix);

// Deals closed in the window (closed_at in it, now in a won or lost stage), per stage type and currency.
struct ClosedGroup {
  std::string type;      // "won" or "lost"
  std::string currency;  // "" for deals without one
  int64_t deals = 0;
  int64_t amounts = 0;  // deals with an amount
  int64_t amount_high = 0, amount_low = 0;  // Σ amount as money::Total::add_parts takes it
  double cycle_seconds = 0;                 // Σ (closed_at - created_at)
};
std::vector<ClosedGroup> closed_kept(db::Connection& c, const access::Context& ctx, const Filter& f);
std::vector<ClosedGroup> closed_scanned(db::Connection& c, const access::Context& ctx, const Filter& f);

// Per stage, the stage-history entries that began in the window (of deals still live and readable),
// each lasting until the deal's next entry or, for its current stage, until `now_ms`. With a
// pipeline, only that pipeline's stages. In the pipeline's stage order (stages since removed first on
// SQLite, last on PostgreSQL, as the engines sort NULL).
struct StageTime {
  std::string stage_id;
  std::optional<std::string> name, pipeline_id;  // nullopt for a stage since removed
  int64_t entries = 0;
  double seconds = 0;  // Σ of the entries' durations
};
std::vector<StageTime> stage_times_kept(db::Connection& c, const access::Context& ctx, const Filter& f, int64_t now_ms);
std::vector<StageTime> stage_times_scanned(db::Connection& c, const access::Context& ctx, const Filter& f, int64_t now_ms);

}  // namespace rapport::sales::funnel
