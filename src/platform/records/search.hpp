// GET /api/v1/search?q=&limit=&types=: the records whose names, e-mail addresses, phone numbers and
// other identifying fields (ObjectSpec::search) begin with the words of q, best first, for the UI's
// global search and command palette. Served by the search index of migration 0018 (SQLite: FTS5
// tables kept by triggers; PostgreSQL: GIN indexes on a tsvector expression), under the caller's
// read scope and workspace; a field the caller's role hides is neither matched nor shown.
#pragma once
#include <vector>

#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/records/spec.hpp"

namespace rapport::records {

// `specs` are all record objects (those with search groups are searched; the others name the
// records a subtitle refers to).
void add_search_route(http::Api& api, db::Database& db, std::vector<const ObjectSpec*> specs);

}  // namespace rapport::records
