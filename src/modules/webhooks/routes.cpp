// The webhook routes read the path, the query and the body and answer; the rules are the service's.
#include "modules/webhooks/routes.hpp"

#include <set>

#include "platform/http/admins_only.hpp"
#include "platform/records/keyset.hpp"

namespace rapport::webhooks {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

Response with_etag(int status, json::object body, int64_t version) {
  Response r = http::json(status, body);
  r.header("ETag", http::etag(version));
  return r;
}

// Every route here is an admin's (http::admins_only).
http::ApiHandler admins_only(http::ApiHandler h) {
  return http::admins_only("see and change the workspace's webhooks", std::move(h));
}

json::object with_secret(const WithSecret& w) {
  json::object o = w.webhook.to_json();
  o["secret"] = w.secret;
  return o;
}

}  // namespace

void add_routes(http::Api& api, std::shared_ptr<WebhookService> service) {
  const std::string tag = "Webhooks";

  api.route("GET", "/api/v1/webhooks",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto list = service->list(ctx);
              if (!list) return http::fail(list.problem(), req);
              json::array data;
              for (const auto& w : *list) data.push_back(w.to_json());
              return http::json(200, json::object{{"data", std::move(data)}});
            }),
            {.summary = "List the workspace's webhooks (never their secrets); admins only",
             .description = "Oldest first; a workspace has at most 100.", .tag = tag, .response_schema = "WebhookList",
             .restricted = true});

  api.route("POST", "/api/v1/webhooks",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_webhook_body(*body, true);
              if (!in) return http::fail(in.problem(), req);
              auto w = service->create(ctx, *in);
              if (!w) return http::fail(w.problem(), req);
              Response r = with_etag(201, with_secret(*w), w->webhook.version);
              r.header("Location", "/api/v1/webhooks/" + w->webhook.id);
              return r;
            }),
            {.summary = "Create a webhook; the answer holds its signing secret, shown only this once; admins only",
             .description = "The URL must be http or https without user information, and its host must be or resolve to "
                            "public addresses only, unless the operator allow-listed it (rapport serve --webhook-allow-host): "
                            "422 naming url otherwise, and 503 when DNS does not answer. Payloads are read as the creator "
                            "(their record scope and hidden fields) and signed per Standard Webhooks with the secret. An optional "
                            "filter (the list filter language of the event types' record object) lets through only the "
                            "events whose record meets it: 422 naming filter when it does not compile as that list would.",
             .tag = tag, .request_schema = "WebhookInput", .response_schema = "WebhookWithSecret", .success_status = 201,
             .restricted = true, .sends_etag = true, .sends_location = true,
             .problems = {{409, "The workspace has 100 webhooks already"},
                          {503, "DNS did not answer for the URL's host in time; retry"}}});

  api.route("GET", "/api/v1/webhooks/{id}",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto w = service->get(ctx, req.param("id"));
              if (!w) return http::fail(w.problem(), req);
              return with_etag(200, w->to_json(), w->version);
            }),
            {.summary = "Read a webhook (never its secret); admins only", .tag = tag, .response_schema = "Webhook",
             .restricted = true, .sends_etag = true});

  api.route("PATCH", "/api/v1/webhooks/{id}",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_webhook_body(*body, false);
              if (!in) return http::fail(in.problem(), req);
              auto w = service->update(ctx, req.param("id"), *in, req.header("If-Match"));
              if (!w) return http::fail(w.problem(), req);
              return with_etag(200, w->to_json(), w->version);
            }),
            {.summary = "Change a webhook's URL, event types, filter, description or enabled flag; admins only",
             .description = "A new URL is checked as at creation, and the filter against the event types it will have. Enabling a webhook the server disabled clears its "
                            "disabled_reason and failure count.",
             .tag = tag, .request_schema = "WebhookPatch", .response_schema = "Webhook", .conditional = true,
             .restricted = true, .sends_etag = true,
             .problems = {{503, "DNS did not answer for the URL's host in time; retry"}}});

  api.route("DELETE", "/api/v1/webhooks/{id}",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto st = service->remove(ctx, req.param("id"), req.header("If-Match"));
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            }),
            {.summary = "Delete a webhook and its delivery log; admins only",
             .description = "Deliveries still queued are dropped when they come up (nothing is sent).", .tag = tag,
             .success_status = 204, .conditional = true, .restricted = true});

  api.route("POST", "/api/v1/webhooks/{id}/rotate-secret",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto w = service->rotate_secret(ctx, req.param("id"));
              if (!w) return http::fail(w.problem(), req);
              return with_etag(200, with_secret(*w), w->webhook.version);
            }),
            {.summary = "Give a webhook a new signing secret, shown only in this answer; admins only",
             .description = "The previous secret keeps signing for 24 hours (previous_secret_expires_at): meanwhile every "
                            "delivery's webhook-signature holds both signatures, so receivers can switch without loss.",
             .tag = tag, .response_schema = "WebhookWithSecret", .restricted = true, .sends_etag = true});

  api.route("GET", "/api/v1/webhooks/{id}/deliveries",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              int limit = 50;
              std::string cursor;
              std::set<std::string> seen;
              for (const auto& [k, v] : req.query) {
                if (!seen.insert(k).second)
                  return http::fail(Problem::bad_request("Query parameter '" + k + "' is given more than once"), req);
                if (k == "limit") {
                  auto n = records::keyset::parse_limit(v);
                  if (!n) return http::fail(n.problem(), req);
                  limit = *n;
                } else if (k == "cursor") {
                  cursor = v;
                }
              }
              auto page = service->deliveries(ctx, req.param("id"), limit, cursor);
              if (!page) return http::fail(page.problem(), req);
              json::array data;
              for (const auto& d : page->data) data.push_back(d.to_json());
              json::object out{{"data", std::move(data)}};
              out["next_cursor"] = page->next_cursor ? json::value(*page->next_cursor) : json::value(nullptr);
              return http::json(200, out);
            }),
            {.summary = "A webhook's delivery log, newest first: every attempt with its outcome; admins only",
             .description = "status is succeeded (a 2xx answer), failed (another answer, or none: error says why) or "
                            "skipped (nothing sent: the webhook was disabled, or its creator may not read the record). "
                            "response_excerpt holds at most the first 1 KB of the answer.",
             .tag = tag, .response_schema = "WebhookDeliveryPage",
             .query_params = {{.name = "limit", .description = "1 to 500, default 50", .type = "integer", .minimum = 1, .maximum = 500},
                              {"cursor", "next_cursor of the previous page"}},
             .restricted = true});

  api.route("POST", "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver",
            admins_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto r = service->redeliver(ctx, req.param("id"), req.param("delivery_id"));
              if (!r) return http::fail(r.problem(), req);
              return http::json(202, json::object{{"job_id", r->job_id}, {"message_id", r->message_id}});
            }),
            {.summary = "Send a delivery's event again, now, with the same webhook-id; admins only",
             .description = "Enqueues a new webhook.deliver job (GET /api/v1/jobs/{id} follows it) whose attempts are "
                            "logged like any other; the record is read again as it is now. One redelivery of a delivery "
                            "waits at a time: asking again meanwhile answers the same job.",
             .tag = tag, .response_schema = "WebhookRedelivery", .success_status = 202, .restricted = true,
             .problems = {{409, "The webhook is disabled: enable it first"}}});
}

}  // namespace rapport::webhooks
