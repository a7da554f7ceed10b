#include "modules/support/routes.hpp"

#include "access/context.hpp"
#include "modules/support/assignment_routes.hpp"
#include "modules/support/follow_up.hpp"
#include "modules/support/macro_routes.hpp"
#include "modules/support/mailboxes.hpp"
#include "modules/support/messages.hpp"
#include "platform/http/admins_only.hpp"
#include "platform/records/routes.hpp"

namespace rapport::support {
namespace json = boost::json;

void add_routes(http::Api& api, records::Service& tickets, const std::vector<const records::ObjectSpec*>& specs) {
  records::Service* service = &tickets;
  api.route("POST", "/api/v1/tickets/{id}/follow-up",
            [service](http::Request& req, const access::Context& ctx) -> http::Response {
              // The ticket first: another workspace's, or one outside the caller's scope, is a 404 whatever the body.
              auto closed = service->get(ctx, req.param("id"));
              if (!closed) return http::fail(closed.problem(), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              // What the closed ticket gives the follow-up unless the body says otherwise.
              json::object ticket = follow_up_body(json::parse(closed->body).as_object());
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
            {.summary = "A ticket's conversation: replies, internal notes and the customer's emails, oldest first",
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
                            "have an address and the workspace has email settings, threaded onto the conversation "
                            "(In-Reply-To: the customer's last email; References: the conversation's emails), with "
                            "attachment_ids (your uploads, POST /api/v1/attachments; a reply takes them only when emailed: "
                            "422 otherwise). A note keeps its attachment_ids as its own files, never emailed, downloaded "
                            "by whoever reads the ticket (GET /api/v1/attachments/{id}). The ticket's history records the message; the first reply sets the ticket's "
                            "first_response_at. Collision notice: send after_message_id, the id of the newest message you "
                            "saw (null when you saw none); when someone added one since, the answer is 409 with "
                            "errors[0].field after_message_id and the newer message as errors[0].newer_message (id, kind, "
                            "author_id, created_at), and nothing is stored. Read it, then send again with its id to say "
                            "you have seen it. Without after_message_id no check is made.",
             .tag = "Ticket",
             .request_schema = "TicketMessageInput",
             .response_schema = "TicketMessage",
             .success_status = 201,
             .problems = {{409, "after_message_id is not the ticket's newest message (someone replied since): the newer "
                                "message is named in errors[0]"}}});

  auto admins_only = [](http::ApiHandler h) { return http::admins_only("manage the support mailboxes", std::move(h)); };
  const std::string mailboxes_doc =
      "Mail posted to POST /api/v1/inbound-email addressed to one of these (To, Cc, X-Original-To, Delivered-To or "
      "the envelope recipient) becomes a ticket (channel email) in the mailbox's team, or joins the ticket its "
      "In-Reply-To/References or its subject's [#number] names; see the inbound route.";
  api.route("GET", "/api/v1/support/mailboxes",
            admins_only([db](http::Request&, const access::Context& ctx) -> http::Response {
              return http::json(200, mailboxes_json(db->read([&](db::Connection& c) { return find_mailboxes(c, ctx.workspace_id); })));
            }),
            {.summary = "The workspace's support mailboxes; admins only", .description = mailboxes_doc, .tag = "Ticket",
             .response_schema = "SupportMailboxes", .restricted = true});
  api.route("PUT", "/api/v1/support/mailboxes",
            admins_only([db](http::Request& req, const access::Context& ctx) -> http::Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto mailboxes = read_mailboxes(*body);
              if (!mailboxes) return http::fail(mailboxes.problem(), req);
              auto r = put_mailboxes(*db, ctx, std::move(*mailboxes));
              if (!r) return http::fail(r.problem(), req);
              return http::json(200, mailboxes_json(*r));
            }),
            {.summary = "Replace the workspace's support mailboxes; admins only",
             .description = mailboxes_doc + " At most 20, each address once; a team_id names a team of the workspace (422).",
             .tag = "Ticket", .request_schema = "SupportMailboxes", .response_schema = "SupportMailboxes", .restricted = true});
  add_macro_routes(api, tickets.database(), specs);
  add_assignment_routes(api, tickets.database());
}

}  // namespace rapport::support
