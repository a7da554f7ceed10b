// Activities (notes, tasks, calls, meetings, logged emails) and the per-record timeline.
#pragma once
#include <vector>

#include "access/context.hpp"
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/records/spec.hpp"

namespace rapport::activities {

const records::ObjectSpec& activity_spec();
// Adds activities to the application's record objects, which roles grant access to
// (identity::securable_objects()). Called once at start by app/modules.cpp.
void register_objects(std::vector<const records::ObjectSpec*>& specs);
// GET /api/v1/{contacts,companies,leads,deals}/{id}/timeline.
void add_timeline_routes(http::Api& api, db::Database& db);

}  // namespace rapport::activities
