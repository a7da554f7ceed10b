// Activities (notes, tasks, calls, meetings, logged emails) and the per-record timeline.
#pragma once
#include <functional>
#include <string_view>
#include <vector>

#include "access/context.hpp"
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/records/service.hpp"
#include "platform/records/spec.hpp"

namespace rapport::activities {

const records::ObjectSpec& activity_spec();
// Adds activities to the application's record objects, which roles grant access to
// (identity::securable_objects()). Called once at start by app/modules.cpp.
void register_objects(std::vector<const records::ObjectSpec*>& specs);
// GET /api/v1/{contacts,companies,leads,deals}/{id}/timeline.
void add_timeline_routes(http::Api& api, db::Database& db);
// GET /api/v1/activities/{id}/ics (a meeting's or task's iCalendar); `activities` is their record service.
void add_icalendar_route(http::Api& api, records::Service& activities);
// POST|GET /api/v1/calendar-feeds, DELETE /api/v1/calendar-feeds/{id} and the feed itself,
// GET /api/v1/calendar-feed/{token}, whose token `authenticate` resolves (access::Auth).
using FeedAuthenticator = std::function<Result<access::Context>(std::string_view token)>;
void add_calendar_feed_routes(http::Api& api, db::Database& db, FeedAuthenticator authenticate);

}  // namespace rapport::activities
