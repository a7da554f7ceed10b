// The campaign routes read the path, the query and the body and answer; the rules are the service's.
#include "modules/marketing/campaign_routes.hpp"

#include "modules/marketing/campaign_input.hpp"
#include "modules/marketing/campaign_recipient.hpp"
#include "platform/clock.hpp"
#include "platform/http/crud_routes.hpp"

namespace rapport::marketing {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

const char* const kManagers = "An admin, or a role that exports every contact (marketing); 403 for anyone else.";

Status managers_gate(const identity::Context& ctx) {
  if (!manages_campaigns(ctx)) return cannot_manage_campaigns();
  return ok_status();
}

// Those who manage campaigns only: anyone else gets 403 before the body or the id is read.
http::ApiHandler managers_only(http::ApiHandler h) {
  return [h = std::move(h)](Request& req, const identity::Context& ctx) -> Response {
    if (!manages_campaigns(ctx)) return http::fail(cannot_manage_campaigns(), req);
    return h(req, ctx);
  };
}

Response with_etag(const Result<Campaign>& v, Request& req) {
  if (!v) return http::fail(v.problem(), req);
  Response r = http::json(200, v->to_json());
  r.header("ETag", http::etag(v->version));
  return r;
}

Response object(const Result<json::object>& v, Request& req) {
  if (!v) return http::fail(v.problem(), req);
  return http::json(200, *v);
}

}  // namespace

void add_campaign_routes(http::Api& api, std::shared_ptr<CampaignService> service) {
  const std::string tag = "Campaigns";
  const std::string saved = "The segments and lists of the audience must exist (422 naming audience.<key>.<i>), the merge "
                            "fields of subject, text and html must be contact fields ({{contact.first_name}}, "
                            "{{contact.custom.<name>}}: 422 naming the part), from must be the workspace's sender. ";
  http::add_crud_routes<Campaign>(
      api,
      {.path = "/api/v1/campaigns",
       .tag = tag,
       .schema = "Campaign",
       .list_doc = {.summary = "List the workspace's campaigns, newest first",
                    .description = "At most 1000. Members whose role reads contacts read them."},
       .create_doc = {.summary = "Create a campaign (a draft)",
                      .description = saved + kManagers,
                      .problems = {{409, "A campaign of this name exists (errors[0].existing_id names it), or the workspace has "
                                         "1000 campaigns"}}},
       .read_doc = {.summary = "Read a campaign", .description = "Members whose role reads contacts read it."},
       .change_doc = {.summary = "Change a draft campaign",
                      .description = saved + "Only a draft changes. " + kManagers,
                      .problems = {{409, "The campaign is no longer a draft, or another has this name"}}},
       .delete_doc = {.summary = "Delete a campaign and its recipients",
                      .description = std::string("Not while scheduled or sending (pause it first). ") + kManagers,
                      .problems = {{409, "The campaign is scheduled or sending"}}},
       .may_create = managers_gate,
       .may_change = managers_gate,
       .handlers = http::service_handlers<Campaign>(service, read_campaign_body)});

  api.route("POST", "/api/v1/campaigns/{id}/send",
            managers_only([service](Request& req, const identity::Context& ctx) -> Response {
              // Another workspace's campaign (or none) is 404 whatever the body.
              if (auto v = service->get(ctx, req.param("id")); !v) return http::fail(v.problem(), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto at = read_send_body(*body, clock::now_ms());
              if (!at) return http::fail(at.problem(), req);
              return with_etag(service->send(ctx, req.param("id"), *at, req.header("If-Match")), req);
            }),
            {.summary = "Send a draft campaign now, or at scheduled_at",
             .description = std::string("It becomes scheduled; at scheduled_at (or now) its audience is frozen into recipients "
                                        "and sent in batches at rate_per_minute. Needs a subject, a body and an audience (422 "
                                        "naming each) and the workspace's email settings (409). A recipient without "
                                        "email_marketing consent, or whose address is suppressed, is skipped when its turn "
                                        "comes. ") + kManagers,
             .tag = tag, .request_schema = "CampaignSendInput", .response_schema = "Campaign", .conditional = true,
             .restricted = true, .sends_etag = true,
             .problems = {{409, "The campaign is not a draft, or the workspace has no email settings"}}});

  api.route("POST", "/api/v1/campaigns/{id}/pause",
            managers_only([service](Request& req, const identity::Context& ctx) -> Response {
              return with_etag(service->pause(ctx, req.param("id"), req.header("If-Match")), req);
            }),
            {.summary = "Pause a scheduled or sending campaign",
             .description = std::string("The sending stops after the message in flight. ") + kManagers, .tag = tag,
             .response_schema = "Campaign", .conditional = true, .restricted = true, .sends_etag = true,
             .problems = {{409, "The campaign is not scheduled or sending"}}});

  api.route("POST", "/api/v1/campaigns/{id}/resume",
            managers_only([service](Request& req, const identity::Context& ctx) -> Response {
              return with_etag(service->resume(ctx, req.param("id"), req.header("If-Match")), req);
            }),
            {.summary = "Resume a paused campaign",
             .description = std::string("It carries on with the recipients not sent yet (or waits for scheduled_at when its "
                                        "audience was not frozen yet). ") + kManagers,
             .tag = tag, .response_schema = "Campaign", .conditional = true, .restricted = true, .sends_etag = true,
             .problems = {{409, "The campaign is not paused"}}});

  api.route("POST", "/api/v1/campaigns/{id}/test-send",
            managers_only([service](Request& req, const identity::Context& ctx) -> Response {
              if (auto v = service->get(ctx, req.param("id")); !v) return http::fail(v.problem(), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_test_send_body(*body);
              if (!in) return http::fail(in.problem(), req);
              return object(service->test_send(ctx, req.param("id"), *in), req);
            }),
            {.summary = "Send the campaign's message now to a few addresses, rendered for a chosen contact",
             .description = std::string("Sent at once through the workspace's SMTP server, subject marked [Test]; the answer "
                                        "says whether the server accepted it (sent false with the error otherwise). The merge "
                                        "fields of contact_id are filled as the caller reads that contact: one outside their "
                                        "scope is a 422, a field their role hides stays empty (the campaign's own send fills "
                                        "every field, for the contact it goes to). The campaign is unchanged, whatever its "
                                        "status. ") + kManagers,
             .tag = tag, .request_schema = "CampaignTestSendInput", .response_schema = "CampaignTestSend", .restricted = true,
             .problems = {{409, "The workspace has no email settings"}}});

  std::vector<std::string> states(std::begin(kRecipientStates), std::end(kRecipientStates));
  api.route("GET", "/api/v1/campaigns/{id}/recipients",
            managers_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto q = read_recipient_query(req.query);
              if (!q) return http::fail(q.problem(), req);
              return object(service->recipients(ctx, req.param("id"), *q), req);
            }),
            {.summary = "The campaign's recipients and where each message stands, a page at a time",
             .description = std::string("In contact id order. Empty until the audience is frozen (when the campaign starts "
                                        "sending). ") + kManagers,
             .tag = tag, .response_schema = "CampaignRecipientPage",
             .query_params = {{"state", "Only recipients in this state", "string", "", states},
                              {"limit", "Recipients per page (default 100)", "integer", "", {}, 1, 500},
                              {"cursor", "next_cursor of the previous page"}},
             .restricted = true});

  api.route("GET", "/api/v1/campaigns/{id}/report",
            managers_only([service](Request& req, const identity::Context& ctx) -> Response {
              auto q = read_report_query(req.query);
              if (!q) return http::fail(q.problem(), req);
              return object(service->report(ctx, req.param("id"), *q), req);
            }),
            {.summary = "The campaign's counts by state and skip reason, its results and rates, and the deals it influenced",
             .description = std::string("results counts what came back, each recipient once per kind whatever its state "
                                        "shows (one who opened, then unsubscribed, counts in both). delivered: the SMTP "
                                        "server took it and no bounce came back. The open, click, unsubscribe and "
                                        "complaint rates are over delivered; delivery and bounce over the messages handed "
                                        "to the SMTP server (sent or failed); null while the whole is 0. attribution: the "
                                        "live deals created within window_days after a click of one of their contacts, "
                                        "whose first (first_touch) or last (last_touch) click of any campaign in that "
                                        "window is this campaign's; amounts per currency only for a role reading every "
                                        "deal's amount. ") + kManagers,
             .tag = tag, .response_schema = "CampaignReport",
             .query_params = {{"model", "Attribution model (default last_touch)", "string", "", {"last_touch", "first_touch"}},
                              {"window_days", "Days before a deal's creation a click counts (default 30)", "integer", "", {}, 1,
                               kMaxAttributionDays}},
             .restricted = true,
             .problems = {{422, "An influenced amount's sum exceeds what can be stated (amount-overflow)"}}});

  api.route("GET", "/api/v1/campaigns/{id}/audience",
            managers_only([service](Request& req, const identity::Context& ctx) -> Response {
              return object(service->audience_reach(ctx, req.param("id")), req);
            }),
            {.summary = "How many of the campaign's audience it would mail now, and why the others would be skipped",
             .description = std::string("The audience as it is now (its segments computed now), with the send's rules: a "
                                        "contact without an address, without email_marketing consent, or whose address is "
                                        "suppressed is counted under excluded. What the send confirmation shows; the numbers "
                                        "can change until the audience is frozen. ") + kManagers,
             .tag = tag, .response_schema = "CampaignAudience", .restricted = true,
             .problems = {{409, "A segment or list of the audience is gone, or a segment's filter no longer compiles"}}});
}

}  // namespace rapport::marketing
