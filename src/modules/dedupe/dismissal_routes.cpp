#include "modules/dedupe/dismissal_routes.hpp"

#include <algorithm>

#include "modules/dedupe/candidates.hpp"
#include "modules/dedupe/dismissals.hpp"
#include "platform/clock.hpp"

namespace rapport::dedupe {
namespace json = boost::json;
using http::Request;
using http::Response;
using identity::Action;

void add_dismissal_routes(http::Api& api, db::Database& db, const Services& services) {
  db::Database* database = &db;
  const Services store_of = services;
  auto may_dismiss = [](const identity::Context& ctx, const std::string& object) -> Status {
    if (ctx.scope(object, Action::Update) == identity::Scope::None)
      return Problem::forbidden("Saying that " + object + " are not duplicates needs the right to change them");
    return ok_status();
  };

  api.route("POST", "/api/v1/duplicates/dismissals",
            [database, store_of, may_dismiss](Request& req, const identity::Context& ctx) -> Response {
              // A role that changes none of the objects is refused before its body is read.
              if (std::none_of(std::begin(kObjects), std::end(kObjects), [&ctx](std::string_view o) {
                    return ctx.scope(o, Action::Update) != identity::Scope::None;
                  }))
                return http::fail(Problem::forbidden("Saying that records are not duplicates needs the right to change them"), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto request = parse_dismiss_request(*body);
              if (!request) return http::fail(request.problem(), req);
              if (auto allowed = may_dismiss(ctx, request->object); !allowed) return http::fail(allowed.problem(), req);
              records::Service* service = store_of(request->object);
              if (!service) return http::fail(Problem::not_found("No such object"), req);
              Result<json::object> out = Problem::internal();
              Status st = database->write([&](db::Connection& c) -> Status {
                out = dismiss(c, ctx, service->store(), *request, clock::now_text());
                if (!out) return out.problem();
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              Response res = http::json(201, *out);
              res.header("Location", "/api/v1/duplicates/dismissals/" + std::string(out->at("id").as_string()));
              return res;
            },
            {.summary = "Say that suggested duplicates are not the same (not a duplicate)",
             .description =
                 "`ids` are 2 to 10 distinct live records of `object` that you may read and change: a suggested pair, or "
                 "a group of them. Every pair among them is dismissed together: GET /api/v1/duplicates leaves them out "
                 "from now on, however often the scan finds them again. A pair dismissed already stays in its own "
                 "dismissal (409 when every pair was). Undo with DELETE /api/v1/duplicates/dismissals/{id}, which "
                 "suggests the pairs again at once.",
             .tag = "Duplicates", .request_schema = "DuplicateDismissalInput", .response_schema = "DuplicateDismissal",
             .success_status = 201, .restricted = true, .sends_location = true,
             .problems = {{404, "One of ids is no live record of the object in this workspace that you may read"},
                          {409, "Every pair of these records was dismissed already"},
                          {422, "object or ids are not valid (the problem's errors name each)"}}});

  api.route("DELETE", "/api/v1/duplicates/dismissals/{id}",
            [database, store_of, may_dismiss](Request& req, const identity::Context& ctx) -> Response {
              const std::string id = req.param("id");
              Status st = database->write([&](db::Connection& c) -> Status {
                auto object = dismissal_object(c, ctx.workspace_id, id);
                if (!object) return object.problem();
                if (auto allowed = may_dismiss(ctx, *object); !allowed) return allowed;
                records::Service* service = store_of(*object);
                if (!service) return Problem::not_found("No such dismissal");
                return undo_dismissal(c, ctx, service->store(), id);
              });
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            },
            {.summary = "Undo a \"not a duplicate\" (suggest the pairs again)",
             .description =
                 "{id} is the id of POST /api/v1/duplicates/dismissals. Its pairs are listed by GET /api/v1/duplicates "
                 "again at once (as the last scan found them). Every record of the dismissal must be a live record you "
                 "may read (404 otherwise) and change (403).",
             .tag = "Duplicates", .success_status = 204, .restricted = true,
             .problems = {{404, "No such dismissal in this workspace, or one of its records is not a live record you may read"}}});
}

}  // namespace rapport::dedupe
