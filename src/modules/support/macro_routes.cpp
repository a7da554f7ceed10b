#include "modules/support/macro_routes.hpp"

#include <memory>

#include "modules/support/macro_apply.hpp"
#include "modules/support/macro_input.hpp"
#include "modules/support/macro_service.hpp"
#include "modules/support/messages.hpp"

namespace rapport::support {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

Response with_etag(int status, const json::object& body, int64_t version) {
  Response r = http::json(status, body);
  r.header("ETag", http::etag(version));
  return r;
}

}  // namespace

void add_macro_routes(http::Api& api, db::Database& db, const std::vector<const records::ObjectSpec*>& specs) {
  auto service = std::make_shared<MacroService>(db, specs);
  const std::string tag = "Macro";
  api.route("GET", "/api/v1/macros",
            [service](Request& req, const access::Context& ctx) -> Response {
              auto list = service->list(ctx);
              if (!list) return http::fail(list.problem(), req);
              json::array data;
              for (const auto& m : *list) data.push_back(m.to_json());
              return http::json(200, json::object{{"data", std::move(data)}});
            },
            {.summary = "List the macros the caller may apply: the shared ones and their own",
             .description = "By name. A workspace has at most 1000 macros.", .tag = tag, .response_schema = "MacroList"});
  api.route("POST", "/api/v1/macros",
            [service](Request& req, const access::Context& ctx) -> Response {
              // Who may hold a macro comes before what they sent: a read-only caller gets 403 whatever the body.
              if (Status allowed = may_create_macros(ctx); !allowed) return http::fail(allowed.problem(), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_macro_body(*body, true);
              if (!in) return http::fail(in.problem(), req);
              auto m = service->create(ctx, *in);
              if (!m) return http::fail(m.problem(), req);
              Response r = with_etag(201, m->to_json(), m->version);
              r.header("Location", "/api/v1/macros/" + m->id);
              return r;
            },
            {.summary = "Create a macro: personal (its creator's), or shared (admins only)",
             .description = "kind reply or note; body a message with merge fields {{ticket.<field>}}, {{contact.<field>}} (the "
                            "requester), {{company.<field>}} (custom fields as custom.<name>): an unknown or malformed one is "
                            "a 422 naming body. changes: status, priority, assignee_id (null unassigns), team_id, add_tags, "
                            "remove_tags. A personal macro needs the right to change tickets.",
             .tag = tag, .request_schema = "MacroInput", .response_schema = "Macro", .success_status = 201,
             .restricted = true, .sends_etag = true, .sends_location = true,
             .problems = {{409, "The workspace has 1000 macros already"}}});
  api.route("GET", "/api/v1/macros/{id}",
            [service](Request& req, const access::Context& ctx) -> Response {
              auto m = service->get(ctx, req.param("id"));
              if (!m) return http::fail(m.problem(), req);
              return with_etag(200, m->to_json(), m->version);
            },
            {.summary = "Read a macro (shared, or the caller's own)", .tag = tag, .response_schema = "Macro", .sends_etag = true});
  api.route("PATCH", "/api/v1/macros/{id}",
            [service](Request& req, const access::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_macro_body(*body, false);
              if (!in) return http::fail(in.problem(), req);
              auto m = service->update(ctx, req.param("id"), *in, req.header("If-Match"));
              if (!m) return http::fail(m.problem(), req);
              return with_etag(200, m->to_json(), m->version);
            },
            {.summary = "Change a macro: a shared one (admins), or one's own",
             .description = "Checked as at creation. shared true hands a personal macro to the workspace (admins only); "
                            "false makes a shared one the caller's.",
             .tag = tag, .request_schema = "MacroPatch", .response_schema = "Macro", .conditional = true, .restricted = true,
             .sends_etag = true});
  api.route("DELETE", "/api/v1/macros/{id}",
            [service](Request& req, const access::Context& ctx) -> Response {
              auto st = service->remove(ctx, req.param("id"), req.header("If-Match"));
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            },
            {.summary = "Delete a macro: a shared one (admins), or one's own",
             .description = "Messages already posted with it stay.", .tag = tag, .success_status = 204, .conditional = true,
             .restricted = true});

  db::Database* database = &db;
  api.route("POST", "/api/v1/tickets/{id}/apply-macro",
            [database, specs](Request& req, const access::Context& ctx) -> Response {
              // Who may change the ticket comes before what they sent: a read-only caller gets 403 whatever the body.
              if (Status allowed = may_add_message(*database, ctx, req.param("id")); !allowed)
                return http::fail(allowed.problem(), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto macro_id = read_apply_body(*body);
              if (!macro_id) return http::fail(macro_id.problem(), req);
              auto r = apply_macro(*database, ctx, req.param("id"), *macro_id, req.header("If-Match"), specs);
              if (!r) return http::fail(r.problem(), req);
              return with_etag(200, json::object{{"ticket", std::move(r->ticket)}, {"message", std::move(r->message)}}, r->version);
            },
            {.summary = "Apply a macro to a ticket: its changes and its message in one step",
             .description = "Needs the right to change the ticket (as a message does) and a macro the caller sees (422 "
                            "macro_id otherwise). The changes are made as a PATCH would make them (tags added and removed "
                            "regardless of case), then the body is rendered with the ticket, its requester and its company "
                            "and posted as a reply (emailed to the requester) or a note. If-Match names the ticket's version.",
             .tag = "Ticket", .request_schema = "ApplyMacroInput", .response_schema = "AppliedMacro", .conditional = true,
             .restricted = true, .sends_etag = true});
}

}  // namespace rapport::support
