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

// The batched form of enter_stage for deals that all moved from `from` to `to` at `now` (a removed
// stage's): the same history entries and deal.stage_changed events, written by multi-row statements.
// The caller places the deals (board_rank, and stage_entered_at = now) in the update that moves them.
struct StageEntry {
  std::string deal_id;
  std::string owner_id;  // the deal's owner (the event's audience), empty for none
};
void enter_stage_many(db::Connection& c, const access::Context& ctx, const std::string& from, const std::string& to,
                      const std::string& now, const std::vector<StageEntry>& entries);

}  // namespace rapport::sales
