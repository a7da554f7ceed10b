// "Not a duplicate" over HTTP: POST /api/v1/duplicates/dismissals (a pair or a group of suggested
// duplicates is not the same) and DELETE /api/v1/duplicates/dismissals/{id} (its undo).
#pragma once
#include "modules/dedupe/merge_routes.hpp"

namespace rapport::dedupe {

void add_dismissal_routes(http::Api& api, db::Database& db, const Services& services);

}  // namespace rapport::dedupe
