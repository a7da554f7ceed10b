#include "modules/marketing/tracking_routes.hpp"

#include "modules/marketing/tracking_flags.hpp"
#include "modules/marketing/tracking_links.hpp"
#include "modules/marketing/tracking_token.hpp"
#include "platform/clock.hpp"

namespace rapport::marketing {
using http::Request;
using http::Response;

namespace {

// GIF89a, 1x1, one transparent pixel: 43 bytes.
constexpr unsigned char kPixel[] = {0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
                                    0x00, 0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00,
                                    0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b};
static_assert(sizeof kPixel == 43);

Response not_found(const Request& req) {
  return http::fail(Problem::not_found("This link is not valid"), req);
}

TrackingEvent event_of(const TokenClaims& t, const Request& req, bool click) {
  const int64_t now = clock::now_ms();
  const EventFlags f = judge_event(req.header("User-Agent"), t.issued_s, now);
  return {t.workspace_id, t.campaign_id, t.contact_id, click,
          click ? std::optional<int64_t>(t.link) : std::nullopt, now, f.bot, f.prefetch};
}

}  // namespace

void add_tracking_routes(http::Api& api, db::Database& db, const Vault& vault, TrackingRecorder& recorder,
                         std::shared_ptr<LinkCache> cache) {
  const Vault* v = &vault;
  TrackingRecorder* rec = &recorder;
  db::Database* d = &db;

  api.public_route(
      "GET", "/t/o/{token}",
      [v, rec](Request& req) -> Response {
        auto t = read_token(*v, req.param("token"), TokenKind::Open);
        if (!t) return not_found(req);
        rec->record(event_of(*t, req, false));
        Response r;
        r.content_type = "image/gif";
        r.body.assign(reinterpret_cast<const char*>(kPixel), sizeof kPixel);
        r.header("Cache-Control", "no-store, max-age=0");
        return r;
      },
      {.summary = "A campaign message's open pixel (public: the image in the email)",
       .description = "Answers a 43-byte transparent GIF, never cached, and records an open of the campaign by the "
                      "token's contact, flagged bot (a scanner's or agentless request) or prefetch (within seconds of "
                      "sending, or Apple's privacy proxy). Events are written in batches a fraction of a second "
                      "later (docs/operations.md says what a crash can lose). A token that is not valid is 404.",
       .tag = "Campaign tracking",
       .is_public = true,
       .response_content_type = "image/gif",
       .problems = {{404, "The token is not valid (altered, another workspace's, or not an open token)"}}});

  api.public_route(
      "GET", "/t/c/{token}",
      [v, rec, d, cache](Request& req) -> Response {
        auto t = read_token(*v, req.param("token"), TokenKind::Click);
        if (!t) return not_found(req);
        const int64_t now = clock::now_ms();
        auto url = cache->find(t->workspace_id, t->campaign_id, t->link, now);
        if (!url) {
          url = d->read_statement([&](db::Connection& c) { return stored_link(c, t->workspace_id, t->campaign_id, t->link); });
          if (!url) return not_found(req);
          cache->keep(t->workspace_id, t->campaign_id, t->link, *url, now);
        }
        rec->record(event_of(*t, req, true));
        Response r;
        r.status = 302;
        r.body.clear();
        r.header("Location", *url);
        r.header("Cache-Control", "no-store, max-age=0");
        r.header("Referrer-Policy", "no-referrer");
        return r;
      },
      {.summary = "A tracked link of a campaign message (public: the links in the email)",
       .description = "Redirects (302, Location) to the URL the campaign stored for the token's link, and only there: "
                      "the address is never read from the request, so the route is no open redirect. Records a click "
                      "of that link by the token's contact, flagged as opens are. A token that is not valid, or a "
                      "link the campaign does not hold, is 404.",
       .tag = "Campaign tracking",
       .success_status = 302,
       .is_public = true,
       .response_content_type = "",
       .problems = {{404, "The token is not valid (altered, another workspace's, not a click token) or names no stored link"}}});
}

}  // namespace rapport::marketing
