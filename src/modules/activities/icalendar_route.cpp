// GET /api/v1/activities/{id}/ics: one meeting or task as an iCalendar file.
#include <boost/json.hpp>

#include "modules/activities/activities.hpp"
#include "modules/activities/icalendar.hpp"

namespace rapport::activities {
namespace json = boost::json;

void add_icalendar_route(http::Api& api, records::Service& activities) {
  records::Service* service = &activities;
  api.route("GET", "/api/v1/activities/{id}/ics",
            [service](http::Request& req, const access::Context& ctx) -> http::Response {
              auto r = service->get(ctx, req.param("id"));
              if (!r) return http::fail(r.problem(), req);
              http::Response res;
              res.content_type = "text/calendar; charset=utf-8";
              res.body = calendar_begin("");
              if (!append_component(json::parse(r->body).as_object(), res.body))
                return http::fail(Problem::not_found("Only a meeting with a start and a task have an iCalendar form"), req);
              res.body += kCalendarEnd;
              res.header("Content-Disposition", "attachment; filename=\"activity-" + req.param("id") + ".ics\"");
              res.header("ETag", http::etag(r->version));
              return res;
            },
            {.summary = "A meeting (VEVENT) or task (VTODO) as an iCalendar file (RFC 5545)",
             .description = "The activity as GET returns it to the caller, times in UTC. 404 for another type of activity "
                            "(a note, call or email) or a meeting without a start.",
             .tag = "Activity", .response_content_type = "text/calendar", .sends_etag = true});
}

}  // namespace rapport::activities
