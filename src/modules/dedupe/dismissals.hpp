// "Not a duplicate": the table duplicate_dismissals (migration 0075). A person says that 2 to 10
// records of one object (a suggested pair, or a group of pairs) are not the same: every pair among
// them is dismissed under one dismissal id, and the list of duplicates (pair_store.cpp) leaves
// dismissed pairs out whatever the scan finds again. Undoing the dismissal brings its pairs back at
// once (the scan keeps storing them; only the list hides them).
#pragma once
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"
#include "platform/problem.hpp"
#include "platform/records/store.hpp"

namespace rapport::dedupe {

struct DismissRequest {
  std::string object;            // one of kObjects
  std::vector<std::string> ids;  // 2 to 10 distinct record ids
};
// The body {"object": "contacts", "ids": [...]}. 422 naming each bad part.
Result<DismissRequest> parse_dismiss_request(const boost::json::object& body);

// Dismisses every pair among the request's records, which must be live records of `store`'s object
// the caller may read (404) and change (403). Pairs dismissed already stay in their own dismissal;
// 409 when every pair was. The answer: {"id", "object", "ids", "pairs", "dismissed_at"}.
Result<boost::json::object> dismiss(db::Connection& c, const identity::Context& ctx, const records::Store& store,
                                    const DismissRequest& request, const std::string& now);

// The object of a dismissal of the workspace (its pairs' object_type); 404 for no such dismissal.
Result<std::string> dismissal_object(db::Connection& c, const std::string& workspace_id, const std::string& id);

// Undoes a dismissal: its pairs are suggested again. Every record of it must be a live record the
// caller may read (404 otherwise, as for no such dismissal) and change (403).
Status undo_dismissal(db::Connection& c, const identity::Context& ctx, const records::Store& store, const std::string& id);

}  // namespace rapport::dedupe
