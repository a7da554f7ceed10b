#include "modules/support/sla_routes.hpp"

#include "modules/support/sla_config.hpp"
#include "platform/http/admins_only.hpp"

namespace rapport::support {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// One configuration family's five routes: the use cases, the schema names and the words of its docs.
template <typename T>
struct Family {
  std::string path;    // "/api/v1/sla-policies"
  std::string tag;     // "SLA"
  std::string what;    // "an SLA policy"
  std::string plural;  // "SLA policies"
  std::string schema;  // "SlaPolicy": also <schema>List, <schema>Input, <schema>Patch
  std::string create_description, patch_description, delete_description;
  Result<std::vector<T>> (*list)(db::Database&, const identity::Context&);
  Result<T> (*get)(db::Database&, const identity::Context&, const std::string&);
  Result<T> (*create)(db::Database&, const identity::Context&, const json::object&);
  Result<T> (*update)(db::Database&, const identity::Context&, const std::string&, const json::object&, std::string_view);
  Status (*remove)(db::Database&, const identity::Context&, const std::string&, std::string_view);
};

template <typename T>
Response with_etag(int status, const T& item) {
  Response r = http::json(status, item.to_json());
  r.header("ETag", http::etag(item.version));
  return r;
}

template <typename T>
void add_family(http::Api& api, db::Database& db, const Family<T>& f) {
  const std::string change = "change the workspace's " + f.plural;
  api.route("GET", f.path,
            [&db, f](Request& req, const identity::Context& ctx) -> Response {
              auto items = f.list(db, ctx);
              if (!items) return http::fail(items.problem(), req);
              json::array data;
              for (const auto& i : *items) data.push_back(i.to_json());
              return http::json(200, json::object{{"data", std::move(data)}});
            },
            {.summary = "List the workspace's " + f.plural, .tag = f.tag, .response_schema = f.schema + "List"});
  api.route("POST", f.path,
            http::admins_only(change, [&db, f](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto item = f.create(db, ctx, *body);
              if (!item) return http::fail(item.problem(), req);
              Response r = with_etag(201, *item);
              r.header("Location", f.path + "/" + item->id);
              return r;
            }),
            {.summary = "Create " + f.what + "; admins only", .description = f.create_description, .tag = f.tag,
             .request_schema = f.schema + "Input", .response_schema = f.schema, .success_status = 201, .restricted = true,
             .sends_etag = true, .sends_location = true});
  api.route("GET", f.path + "/{id}",
            [&db, f](Request& req, const identity::Context& ctx) -> Response {
              auto item = f.get(db, ctx, req.param("id"));
              if (!item) return http::fail(item.problem(), req);
              return with_etag(200, *item);
            },
            {.summary = "Read " + f.what, .tag = f.tag, .response_schema = f.schema, .sends_etag = true});
  api.route("PATCH", f.path + "/{id}",
            http::admins_only(change, [&db, f](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto item = f.update(db, ctx, req.param("id"), *body, req.header("If-Match"));
              if (!item) return http::fail(item.problem(), req);
              return with_etag(200, *item);
            }),
            {.summary = "Change " + f.what + "; admins only", .description = f.patch_description, .tag = f.tag,
             .request_schema = f.schema + "Patch", .response_schema = f.schema, .conditional = true, .restricted = true,
             .sends_etag = true});
  api.route("DELETE", f.path + "/{id}",
            http::admins_only(change, [&db, f](Request& req, const identity::Context& ctx) -> Response {
              auto st = f.remove(db, ctx, req.param("id"), req.header("If-Match"));
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            }),
            {.summary = "Delete " + f.what + "; admins only", .description = f.delete_description, .tag = f.tag,
             .success_status = 204, .conditional = true, .restricted = true,
             .problems = {{409, "Still in use (business hours an SLA policy times its targets with)"}}});
}

}  // namespace

void add_sla_routes(http::Api& api, db::Database& db) {
  add_family<BusinessHours>(
      api, db,
      {.path = "/api/v1/business-hours",
       .tag = "SLA",
       .what = "a business-hours calendar",
       .plural = "business-hours calendars",
       .schema = "BusinessHours",
       .create_description =
           "A time zone, opening hours per weekday (several intervals a day; a close at or before the open runs overnight) "
           "and holidays (local dates). team_id makes it the calendar of that team's tickets (one per team); is_default the "
           "calendar of every other ticket (a new default replaces the old). SLA policies time tickets on it unless they "
           "name another calendar or count calendar time. At most 100 per workspace (409).",
       .patch_description = "The keys given replace the stored ones (week and holidays whole). The workspace's open "
                            "tickets are re-timed (support.sla_refresh job).",
       .delete_description = "409 while an SLA policy names it.",
       .list = list_calendars,
       .get = get_calendar,
       .create = create_calendar,
       .update = update_calendar,
       .remove = delete_calendar});
  add_family<SlaPolicy>(
      api, db,
      {.path = "/api/v1/sla-policies",
       .tag = "SLA",
       .what = "an SLA policy",
       .plural = "SLA policies",
       .schema = "SlaPolicy",
       .create_description =
           "A ticket is timed by the first policy, by position (then id), whose conditions it meets: every condition kind "
           "given must hold (priority in the list, company_id in the list, the ticket's tags holding any of the list). "
           "Targets in minutes, one number for every priority or an object of priorities: first_response (from creation to "
           "the first public reply), next_response (from a customer's message after a reply to the next reply), resolution "
           "(from creation to solved; reopening resumes it). The clock runs on business_hours_id's calendar, else the "
           "ticket's team's, else the workspace's default, else round the clock; calendar_time counts round the clock. It "
           "stops in pause_statuses (default pending and on_hold) and while solved or closed. warning: ticket.sla_warning "
           "at percent of a target's time or minutes_before its due time (default 80 percent; null: none); "
           "ticket.sla_breached at the due time. At most 50 policies per workspace (409).",
       .patch_description = "The keys given replace the stored ones (conditions and targets whole). The workspace's open "
                            "tickets are re-timed (support.sla_refresh job).",
       .delete_description = "The workspace's open tickets are re-timed under the remaining policies.",
       .list = list_policies,
       .get = get_policy,
       .create = create_policy,
       .update = update_policy,
       .remove = delete_policy});
}

}  // namespace rapport::support
