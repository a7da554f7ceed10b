// The duplicates routes: GET /api/v1/duplicates?object= (the stored probable pairs, paged) and
// POST /api/v1/duplicates/scan?object= (enqueue a scan of the whole object).
#pragma once
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"

namespace rapport::dedupe {

void add_routes(http::Api& api, db::Database& db);

}  // namespace rapport::dedupe
