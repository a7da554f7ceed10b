// Activities (notes, tasks, calls, meetings, logged emails) and the per-record timeline.
#pragma once
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/records/spec.hpp"

namespace rapport::activities {

const records::ObjectSpec& activity_spec();
// GET /api/v1/{contacts,companies,leads,deals}/{id}/timeline.
void add_timeline_routes(http::Api& api, db::Database& db);

}  // namespace rapport::activities
