// The rows of other tables that name a contact, company or lead, moved to the survivor of a merge
// and back by its undo. Each move is journalled in record_merge_moves (migration 0066): the row's
// key and the record it named; a row dropped because the survivor had the same link (both on one
// list, one deal, one activity) is kept whole; a JSON column (an email's links) keeps its text
// before and after. Runs in the merge's write transaction.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "platform/db/connection.hpp"

namespace rapport::dedupe {

// At most this many related rows move in one merge (all merged records together): the merge and its
// journal are written in one transaction, whose cost must stay bounded. More is a 422.
inline constexpr int64_t kMaxMovedRows = 50000;

// The relations of an object, by name, with the number of rows naming the record (the preview's).
std::map<std::string, int64_t> count_related(db::Connection& c, const std::string& workspace_id, std::string_view object,
                                             const std::string& id);

// Moves every row naming `from` to name `to` (and removes the pairs of duplicates naming `from`),
// journalled under the merge from sequence number `seq` on (advanced); answers how many rows moved
// or were dropped.
int64_t move_related(db::Connection& c, const std::string& workspace_id, std::string_view object, const std::string& merge_id,
                     const std::string& from, const std::string& to, int64_t& seq);

struct MovedBack {
  int64_t returned = 0;  // rows that named the survivor and name their merged record again
  int64_t left = 0;      // rows changed or gone since the merge, left as they are
};
// Undoes the journal of a merge whose survivor is `to`, newest move first.
MovedBack move_back(db::Connection& c, const std::string& workspace_id, std::string_view object, const std::string& merge_id,
                    const std::string& to);

}  // namespace rapport::dedupe
