// What an admin's import overwrites on a record it updates beyond its fields (the history dates:
// created_at, a deal's closed_at, stage_entered_at and stage history rows), kept in the undo log's
// before-image under kHistoryKey so that undoing the import puts them back as they were. The record
// engine's write_change restores the fields; these are set by SQL, as RowWriter::keep_history set them.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "platform/db/connection.hpp"

namespace rapport::imports {

// The before-image's key holding the history (not a field of any record).
inline constexpr std::string_view kHistoryKey = "_history_before_import";

// The record's history as stored now: {"created_at", and for deals "closed_at", "stage_entered_at",
// "stage_history": [[from_stage_id, to_stage_id, changed_at, changed_by], ...] oldest first}.
boost::json::object read_history(db::Connection& c, const std::string& workspace_id, const std::string& table, const std::string& id);

// Writes back what read_history read (the deal's stage history rows replaced by those).
void restore_history(db::Connection& c, const std::string& workspace_id, const std::string& table, const std::string& id,
                     const boost::json::object& history);

}  // namespace rapport::imports
