// The table duplicate_pairs (migration 0061): one row a probable pair of one object's records
// (record_a < record_b), with its confidence in percent and its reasons, written by the scan (which
// replaces the object's pairs) and by the check on create (which adds the new record's).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "modules/dedupe/matcher.hpp"
#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"
#include "platform/problem.hpp"

namespace rapport::dedupe {

struct StoredPair {
  std::string a, b;  // record ids, a < b
  int confidence = 0;  // percent
  std::vector<std::string> reasons;
};

StoredPair stored(const Candidate& x, const Candidate& y, const Pair& p);

// Replaces every pair of the object in the workspace by `pairs`.
void replace_pairs(db::Connection& c, const std::string& workspace_id, std::string_view object,
                   const std::vector<StoredPair>& pairs, const std::string& now);
// Adds (or refreshes) pairs.
void upsert_pairs(db::Connection& c, const std::string& workspace_id, std::string_view object,
                  const std::vector<StoredPair>& pairs, const std::string& now);

struct PairQuery {
  std::string object;
  std::string record_id;  // empty: every pair
  int limit = 50;
  std::optional<std::string> cursor;  // as a page's next_cursor
};
// A page {"data": [...], "next_cursor"} of the pairs whose two records are live and readable by the
// caller, strongest first (confidence, then ids); reasons naming a field the caller's role hides are
// left out. 400 for a malformed cursor.
Result<boost::json::object> read_pairs(db::Connection& c, const identity::Context& ctx, const PairQuery& q);

}  // namespace rapport::dedupe
