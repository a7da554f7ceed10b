// Merging duplicate contacts, companies or leads, and undoing a merge. One write transaction each:
//
// merge: the first id survives; every other record's related rows (merge_relations.hpp) move to it,
// the others go to the recycle bin pointing at it (their audit entry "merged", merged_into), the
// survivor takes the chosen values (merge_plan.hpp) as a new version with one audit entry "merge" and
// one event `<singular>.merged`, and the pairs of duplicates naming the others are settled. All of it
// is journalled (record_merges, record_merge_moves) for the undo. A dry run answers the field-by-field
// preview and the related rows that would move, and writes nothing.
//
// unmerge: the merged records come back from the recycle bin, the rows that moved go back to them
// (those changed or gone since stay as they are, counted), the survivor gets back the values the merge
// replaced unless they changed since (named in `kept`); audit entries "unmerge", event
// `<singular>.unmerged`. Once only.
//
// Refused with nothing changed: ids of another object or workspace, out of the caller's read scope or
// in the recycle bin (404); a record the caller may not change, or a merged one it may not delete
// (403); more than kMaxMovedRows related rows (422); a merge undone already, or whose records were
// purged, erased, restored or deleted since (409), a unique value another record took meanwhile (409).
#pragma once
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "modules/dedupe/merge_plan.hpp"
#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"
#include "platform/records/store.hpp"

namespace rapport::dedupe {

// The answer: a dry run's {"dry_run": true, "survivor_id", "ids", "fields": [...], "related": {...},
// "record"}, or the merge's {"merge_id", "survivor_id", "merged_ids", "fields", "moved", "record"}.
Result<boost::json::object> merge(db::Connection& c, const identity::Context& ctx, const records::Store& store,
                                  const MergeRequest& request);

// {"merge_id", "record": the survivor, "restored": [the merged records], "returned", "left", "kept"}.
Result<boost::json::object> unmerge(db::Connection& c, const identity::Context& ctx, const records::Store& store,
                                    const std::string& merge_id);

}  // namespace rapport::dedupe
