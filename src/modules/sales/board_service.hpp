// The Kanban board's rules: what a board answer holds (columns in stage order, each a page of cards,
// totals per currency on request), and where a moved deal lands in its column (between its new
// neighbours, at the top without one, respacing a column whose ranks ran out of room).
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>

#include "access/context.hpp"
#include "platform/db/database.hpp"
#include "platform/problem.hpp"

namespace rapport::sales {

struct BoardQuery {
  int limit = 50;
  bool totals = false;
  std::string stage_id;  // empty: every column
  std::string cursor;     // the column's next_cursor; only with stage_id
};
// GET /api/v1/pipelines/{id}/board: 404 for a missing or archived pipeline or a stage not in it;
// 422 amount-overflow when a column's sum in one currency does not fit int64.
Result<boost::json::object> read_board(db::Database& db, const access::Context& ctx, const std::string& pipeline_id,
                                       const BoardQuery& q);

// The rank that puts a deal between its new neighbours (either may be missing); nullopt when the gap
// between them is exhausted.
std::optional<double> rank_between(std::optional<double> above, std::optional<double> below);

// Places a deal that is (being) moved to `stage_id`: below `after_id`, above `before_id`, or at the top
// of the column when both are empty (runs in the move's transaction). 422 when the neighbour is no
// live deal the caller can read, or is in another column.
Status place_on_board(db::Connection& c, const access::Context& ctx, const std::string& deal_id, const std::string& stage_id,
                      const std::string& after_id, const std::string& before_id);

}  // namespace rapport::sales
