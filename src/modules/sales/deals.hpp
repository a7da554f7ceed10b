// Deals beyond their record: the roles a contact may play in one, and entering a stage (history
// entry, board place, stage_changed event) for the record hooks, the board and stage removal.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "access/context.hpp"
#include "platform/db/connection.hpp"

namespace rapport::sales {

const std::vector<std::string>& contact_roles();

// A deal's closing time follows the type of its stage: set (now) when it reaches a won or lost stage
// without one, cleared when it is in an open stage.
void follow_stage_type(boost::json::object& deal, const std::string& stage_type);

// Records that a deal entered stage `to` (from `from`, none for a new deal) and places it in the
// column at `rank` (default: the top); emits deal.stage_changed when it came from another stage.
void enter_stage(db::Connection& c, const access::Context& ctx, const std::string& deal_id,
                 const std::optional<std::string>& from, const std::string& to, std::optional<double> rank);

// A deal's line items: how many, and their totals' sum (nullopt when it exceeds money::kMax, which
// no deal amount may). The one place the sum is taken, for the line-item routes and the deal's rules.
struct LineItemSum {
  int64_t count = 0;
  std::optional<int64_t> total;
};
LineItemSum line_item_sum(db::Connection& c, const std::string& workspace_id, const std::string& deal_id);

}  // namespace rapport::sales
