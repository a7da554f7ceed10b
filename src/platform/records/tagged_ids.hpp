// A tags filter (list_query.cpp's compile_tags: `id IN (SELECT record_id FROM record_tags ...)`) read
// the way the tag's size asks for. The engine cannot know it when it plans: SQLite without statistics
// walks the sort's index testing each record, which reads every record for a rare or absent tag
// (26-29 ms at 100,000 tickets); with statistics (ANALYZE, `PRAGMA optimize`) it reads every record
// of the tag by id and sorts them, 10 s for a tag of a third of 1,000,000 tickets. So the tag's rows
// are counted first (at most kFewTagged + 1, by record_tags' primary key):
//   few: their ids replace the subquery (a few lookups, a sort of a few rows);
//   many: a correlated EXISTS, which makes the sort's index the outer loop and stops at the page's
//   end (51 rows of a third of the table: ~150 records tested).
// `all` has one condition per tag, each sized on its own: a rare tag's ids lead, a common tag's
// EXISTS only tests them (two common tags: the sort's index tested against both).
// Both forms assume the planner measures the sort's index as it measures the others: an index
// without statistics on an analysed SQLite table looked tiny and took over every list
// (db/planner_statistics.hpp, analyze_unmeasured_indexes).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "platform/db/connection.hpp"
#include "platform/records/list_query.hpp"

namespace rapport::records {

constexpr std::size_t kFewTagged = 1000;

// How compile_tags begins a tags condition; then " = ?)" for one tag, " IN (?, ...))" for several.
inline constexpr std::string_view kTagsCondition =
    " AND id IN (SELECT record_id FROM record_tags WHERE workspace_id = ? AND object_type = ? AND field = ? AND tag_key";

// q with each tags condition replaced by " AND id IN (<the ids>)" when the tag (or tags, for `in`) is
// held by at most kFewTagged records (" AND 1 = 0" for none), else by " AND EXISTS (SELECT 1 FROM
// record_tags WHERE ... AND record_id = <table>.id)": the same answer either way. A list with no
// tags condition is q as it is. `few`: the tests' way to choose either form on the same data.
CompiledList for_tag_size(db::Connection& c, const CompiledList& q, const std::string& table, std::size_t few = kFewTagged);

}  // namespace rapport::records
