// The scoring routes: GET /api/v1/scoring/models (each object's state and its models' evaluations)
// and POST /api/v1/scoring/train (admins: train now, 202 and the job).
#pragma once
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"

namespace rapport::scoring {

void add_routes(http::Api& api, db::Database& db);

}  // namespace rapport::scoring
