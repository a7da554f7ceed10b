// The view routes read the path, the query and the body and answer; the rules are view_service's.
#include "modules/views/routes.hpp"

#include <memory>

#include "modules/views/view_service.hpp"
#include "platform/identity/securable_objects.hpp"

namespace rapport::views {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

Response with_etag(int status, const View& v) {
  Response r = http::json(status, v.to_json());
  r.header("ETag", http::etag(v.version));
  return r;
}

}  // namespace

void add_routes(http::Api& api, db::Database& db, const std::vector<const records::ObjectSpec*>& specs) {
  const std::string tag = "Views";
  auto service = std::make_shared<ViewService>(db, specs);
  const std::vector<std::pair<int, std::string>> write_problems = {
      {409, "A view of this name exists (errors[0].existing_id names it), or the limit of views is reached"}};

  api.route("GET", "/api/v1/views",
            [service](Request& req, const access::Context& ctx) -> Response {
              std::string object_type;
              // The Api wrapper has refused any other parameter.
              for (const auto& [k, v] : req.query) {
                if (!object_type.empty()) return http::fail(Problem::bad_request("object_type is given more than once"), req);
                object_type = v;
              }
              if (!identity::is_securable(object_type))
                return http::fail(Problem::bad_request("object_type is required, one of " + identity::securable_objects_text()), req);
              json::array data;
              for (const auto& v : service->list(ctx, object_type)) data.push_back(v.to_json());
              return http::json(200, json::object{{"data", std::move(data)}});
            },
            {.summary = "List the saved views of an object type: your private ones and the workspace's shared ones",
             .description = "Ordered by position, then name. A role that reads none of the object type gets an empty list.",
             .tag = tag, .response_schema = "ViewList",
             .query_params = {{.name = "object_type", .description = "The record type whose list page the views belong to (required)",
                               .values = identity::securable_objects()}}});

  api.route("POST", "/api/v1/views",
            [service](Request& req, const access::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_view_body(*body, true);
              if (!in) return http::fail(in.problem(), req);
              auto v = service->create(ctx, *in);
              if (!v) return http::fail(v.problem(), req);
              Response r = with_etag(201, *v);
              r.header("Location", "/api/v1/views/" + v->id);
              return r;
            },
            {.summary = "Save a view (private, or shared with the workspace)",
             .description = "Any member whose role reads the object type may save one, private or shared. Filters and sort are "
                            "checked as the object's list route checks them (custom fields as custom.<name>); columns name fields "
                            "of the object.",
             .tag = tag, .request_schema = "ViewInput", .response_schema = "View", .success_status = 201,
             .sends_etag = true, .sends_location = true, .problems = write_problems});

  api.route("GET", "/api/v1/views/{id}",
            [service](Request& req, const access::Context& ctx) -> Response {
              auto v = service->get(ctx, req.param("id"));
              if (!v) return http::fail(v.problem(), req);
              return with_etag(200, *v);
            },
            {.summary = "Read a view (your own, or a shared one)", .tag = tag, .response_schema = "View", .sends_etag = true});

  api.route("PATCH", "/api/v1/views/{id}",
            [service](Request& req, const access::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_view_body(*body, false);
              if (!in) return http::fail(in.problem(), req);
              auto v = service->update(ctx, req.param("id"), *in, req.header("If-Match"));
              if (!v) return http::fail(v.problem(), req);
              return with_etag(200, *v);
            },
            {.summary = "Change a view (its owner; a shared one also an admin)", .tag = tag, .request_schema = "ViewPatch",
             .response_schema = "View", .conditional = true, .sends_etag = true, .problems = write_problems});

  api.route("DELETE", "/api/v1/views/{id}",
            [service](Request& req, const access::Context& ctx) -> Response {
              auto st = service->remove(ctx, req.param("id"), req.header("If-Match"));
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            },
            {.summary = "Delete a view (its owner; a shared one also an admin)", .tag = tag, .success_status = 204,
             .conditional = true});
}

}  // namespace rapport::views
