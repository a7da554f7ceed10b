#include "modules/support/routes.hpp"

#include "access/context.hpp"
#include "modules/support/assignment_routes.hpp"
#include "modules/support/macro_routes.hpp"
#include "modules/support/messages.hpp"
#include "platform/records/routes.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

// What a follow-up takes from the closed ticket unless the body says otherwise: who asked, for
// which company, in which queue, how urgent and of what kind. Not its assignee (the team's queue
// picks the follow-up up), its description or its custom fields.
constexpr const char* kCopied[] = {"subject", "priority", "type", "channel", "requester_id", "company_id", "team_id"};

}  // namespace

void add_routes(http::Api& api, records::Service& tickets, const std::vector<const records::ObjectSpec*>& specs) {
  records::Service* service = &tickets;
  api.route("POST", "/api/v1/tickets/{id}/follow-up",
            [service](http::Request& req, const access::Context& ctx) -> http::Response {
              // The ticket first: another workspace's, or one outside the caller's scope, is a 404 whatever the body.
              auto closed = service->get(ctx, req.param("id"));
              if (!closed) return http::fail(closed.problem(), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              const json::object before = json::parse(closed->body).as_object();
              json::object ticket;
              for (const char* name : kCopied)
                if (auto* v = before.if_contains(name); v && !v->is_null()) ticket[name] = *v;
              for (const auto& kv : *body) ticket[kv.key()] = kv.value();
              ticket["follow_up_of"] = req.param("id");
              auto idem = records::idempotent_request(req, *body);
              if (!idem) return http::fail(idem.problem(), req);
              auto r = service->create(ctx, ticket, idem->key, idem->hash);
              if (!r) return http::fail(r.problem(), req);
              return records::write_response(*r);
            },
            {.summary = "Open a follow-up of a closed ticket",
             .description = "A closed ticket is final. This creates a new ticket linked to it (follow_up_of) with its "
                            "subject, priority, type, channel, requester, company and team; the body (a ticket's fields, "
                            "{} for none) overrides them. 422 (follow_up_of) when the ticket is not closed.",
             .tag = "Ticket",
             .request_schema = "TicketInput",
             .response_schema = "Ticket",
             .success_status = 201,
             .idempotent_post = true,
             .sends_etag = true,
             .sends_location = true});

  db::Database* db = &tickets.database();
  api.route("GET", "/api/v1/tickets/{id}/messages",
            [db](http::Request& req, const access::Context& ctx) -> http::Response {
              auto r = list_messages(*db, ctx, req.param("id"), req.query);
              if (!r) return http::fail(r.problem(), req);
              return http::json(200, *r);
            },
            {.summary = "A ticket's conversation: replies and internal notes, oldest first",
             .tag = "Ticket",
             .response_schema = "TicketMessagePage",
             .query_params = {{"limit", "Messages per page (default 50)", "integer", "", {}, 1, 500},
                              {"cursor", "next_cursor of the previous page"}}});
  api.route("POST", "/api/v1/tickets/{id}/messages",
            [db, specs](http::Request& req, const access::Context& ctx) -> http::Response {
              // Who may write comes before what they wrote: a read-only caller gets 403 whatever the body.
              if (Status allowed = may_add_message(*db, ctx, req.param("id")); !allowed) return http::fail(allowed.problem(), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto input = read_message(*body);
              if (!input) return http::fail(input.problem(), req);
              auto r = add_message(*db, ctx, req.param("id"), *input, specs);
              if (!r) return http::fail(r.problem(), req);
              return http::json(201, *r);
            },
            {.summary = "Add a reply or an internal note to a ticket",
             .description = "kind reply (for the requester) or note (internal). Needs the right to change the ticket. "
                            "A reply is emailed to the requester (subject \"Re: [#number] subject\"; email_id) when they "
                            "have an address and the workspace has email settings. The ticket's history records the "
                            "message; the first reply sets the ticket's first_response_at.",
             .tag = "Ticket",
             .request_schema = "TicketMessageInput",
             .response_schema = "TicketMessage",
             .success_status = 201});
  add_macro_routes(api, tickets.database(), specs);
  add_assignment_routes(api, tickets.database());
}

}  // namespace rapport::support
