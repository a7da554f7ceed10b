#include "modules/support/macro_routes.hpp"

#include <memory>

#include "modules/support/macro_apply.hpp"
#include "modules/support/macro_input.hpp"
#include "modules/support/macro_service.hpp"
#include "modules/support/messages.hpp"
#include "platform/http/crud_routes.hpp"

namespace rapport::support {
namespace json = boost::json;
using http::Request;
using http::Response;

void add_macro_routes(http::Api& api, db::Database& db, const std::vector<const records::ObjectSpec*>& specs) {
  auto service = std::make_shared<MacroService>(db, specs);
  http::add_crud_routes<Macro>(
      api,
      {.path = "/api/v1/macros",
       .tag = "Macro",
       .schema = "Macro",
       .list_doc = {.summary = "List the macros the caller may apply: the shared ones and their own",
                    .description = "By name. A workspace has at most 1000 macros."},
       .create_doc = {.summary = "Create a macro: personal (its creator's), or shared (admins only)",
                      .description = "kind reply or note; body a message with merge fields {{ticket.<field>}}, {{contact.<field>}} "
                                     "(the requester), {{company.<field>}} (custom fields as custom.<name>): an unknown or "
                                     "malformed one is a 422 naming body. changes: status, priority, assignee_id (null "
                                     "unassigns), team_id, add_tags, remove_tags. A personal macro needs the right to change "
                                     "tickets.",
                      .problems = {{409, "The workspace has 1000 macros already"}}},
       .read_doc = {.summary = "Read a macro (shared, or the caller's own)"},
       .change_doc = {.summary = "Change a macro: a shared one (admins), or one's own",
                      .description = "Checked as at creation. shared true hands a personal macro to the workspace (admins "
                                     "only); false makes a shared one the caller's."},
       .delete_doc = {.summary = "Delete a macro: a shared one (admins), or one's own",
                      .description = "Messages already posted with it stay."},
       // Who may hold a macro comes before what they sent: a read-only caller gets 403 whatever the body.
       .may_create = may_create_macros,
       .handlers = http::service_handlers<Macro>(service, read_macro_body)});

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
              Response out = http::json(200, json::object{{"ticket", std::move(r->ticket)}, {"message", std::move(r->message)}});
              out.header("ETag", http::etag(r->version));
              return out;
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
