// The SQL of the Kanban board: a column's cards one page at a time, the per-stage totals, and the
// fractional ranks that order a column (board_rank, ties broken by id).
#pragma once
#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>

#include "access/context.hpp"
#include "modules/sales/pipelines.hpp"
#include "platform/db/connection.hpp"
#include "platform/money.hpp"
#include "platform/records/keyset.hpp"

namespace rapport::sales {

// The order of a column's cards: board rank, ties broken by id. Named after the column, so that one
// column's cursor is refused (400) by another.
records::keyset::Order column_order(const std::string& stage_id);

// One page of a column: up to `limit` cards after `after`, in board order, within the caller's read
// scope (hidden fields left out), and the cursor of the next page when there is one.
struct ColumnPage {
  boost::json::array cards;
  std::optional<std::string> next_cursor;
};
ColumnPage column_page(db::Connection& c, const access::Context& ctx, const std::string& stage_id, int limit,
                       const std::optional<records::keyset::Position>& after);

// Live deals within the caller's read scope per stage of a pipeline: their count and, per currency,
// their amounts' exact sum.
struct StageTotals {
  int64_t count = 0;
  std::map<std::string, money::Total> amounts;
};
std::map<std::string, StageTotals> stage_totals(db::Connection& c, const access::Context& ctx, const std::string& pipeline_id);

// The rank that puts a deal at the top of a column: 1024 above its first live deal other than
// `except` (a deal being moved), 0 in an empty column. The one place this rank is chosen, for a move
// without neighbours and for a deal entering a stage.
double top_rank(db::Connection& c, const std::string& workspace_id, const std::string& stage_id, const std::string& except);
// A deal's rank (nullopt: no such deal).
std::optional<double> rank_of(db::Connection& c, const std::string& workspace_id, const std::string& deal_id);
// The rank of the nearest live deal above (or below) `rank` in the column, other than `self`.
std::optional<double> neighbour_rank(db::Connection& c, const std::string& workspace_id, const std::string& stage_id,
                                     const std::string& self, double rank, bool above);
// The stage of a live deal (nullopt: no such live deal).
std::optional<std::string> live_deal_stage(db::Connection& c, const std::string& workspace_id, const std::string& deal_id);
void set_rank(db::Connection& c, const std::string& workspace_id, const std::string& deal_id, double rank);
// Spaces a column's ranks 1024 apart again (0, 1024, ...), in their order.
void respace(db::Connection& c, const std::string& workspace_id, const std::string& stage_id);

}  // namespace rapport::sales
