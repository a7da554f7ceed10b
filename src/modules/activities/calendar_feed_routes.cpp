// A user's calendar feeds (access/calendar_feeds.hpp) and the feed itself: the meetings and tasks
// the user owns, as an iCalendar that Google Calendar, Outlook and Thunderbird subscribe to.
#include <boost/json.hpp>

#include "access/calendar_feeds.hpp"
#include "modules/activities/activities.hpp"
#include "modules/activities/icalendar.hpp"
#include "platform/clock.hpp"
#include "platform/http/base_url.hpp"
#include "platform/ids.hpp"
#include "platform/records/store.hpp"

namespace rapport::activities {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

constexpr std::size_t kMaxFeedName = 100;
// What a feed holds: the user's meetings and tasks from kFeedPastDays ago on, at most kFeedPages
// pages of records::kMaxLimit (the latest first), so one feed costs a bounded read.
constexpr int64_t kFeedPastDays = 180;
constexpr int kFeedPages = 10;

json::object feed_json(const access::CalendarFeed& f) {
  return {{"id", f.id}, {"name", f.name}, {"created_at", f.created_at},
          {"last_used_at", f.last_used_at ? json::value(*f.last_used_at) : json::value(nullptr)}};
}

// The feed's URL as the caller reached this server, for pasting into a calendar application.
std::string feed_url(const Request& req, const std::string& token) { return http::base_url(req) + "/api/v1/calendar-feed/" + token; }

// 403 for what a feed cannot be made from: an API key (the feed reads as the key's user with
// their full role, more than a narrower key may) or a role that reads no activities.
std::optional<Problem> may_have_feeds(const access::Context& ctx) {
  if (!ctx.api_key_id.empty()) return Problem::forbidden("Calendar feeds are made by a signed-in person, not with an API key");
  if (ctx.user_id.empty()) return Problem::forbidden("Calendar feeds belong to a user");
  return std::nullopt;
}

std::string render_feed(db::Database& db, const access::Context& ctx) {
  static const records::Store store(activity_spec());
  records::ListParams params;
  params.limit = records::kMaxLimit;
  params.sort = "-occurred_at";
  params.filters = {{"owner_id", "eq", ctx.user_id},
                    {"type", "in", "meeting,task"},
                    {"occurred_at", "gte", clock::format_ms(clock::now_ms() - kFeedPastDays * 86'400'000)}};
  std::string out = calendar_begin("Rapport");
  for (int page = 0; page < kFeedPages; ++page) {
    records::Page p = db.read([&](db::Connection& c) -> records::Page {
      auto q = records::compile_list(store.spec(), {}, params, c.dialect(), ctx.workspace_id);
      if (!q) throw std::runtime_error("the calendar feed's list does not compile: " + q.problem().detail);
      return store.list(c, ctx, *q, false);
    });
    const json::value records = json::parse(p.data_json);  // kept: a range-for over a temporary's member dangles
    for (const auto& r : records.as_array()) append_component(r.as_object(), out);
    if (!p.next_cursor) break;
    params.cursor = *p.next_cursor;
  }
  out += kCalendarEnd;
  return out;
}

}  // namespace

void add_calendar_feed_routes(http::Api& api, db::Database& db, FeedAuthenticator authenticate) {
  db::Database* d = &db;
  const std::string tag = "Calendar feeds";

  api.route("POST", "/api/v1/calendar-feeds",
            [d](Request& req, const access::Context& ctx) -> Response {
              if (auto p = may_have_feeds(ctx)) return http::fail(*p, req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              std::string name = "Rapport";
              for (const auto& kv : *body) {
                if (kv.key() != "name")
                  return http::fail(Problem::invalid({{std::string(kv.key()), "unknown", "is not a field of a calendar feed"}}), req);
                if (!kv.value().is_string() || kv.value().as_string().empty() || kv.value().as_string().size() > kMaxFeedName)
                  return http::fail(Problem::invalid({{"name", "type", "must be text of 1 to 100 characters"}}), req);
                name = std::string(kv.value().as_string());
              }
              std::optional<access::NewCalendarFeed> made;
              auto st = d->write([&](db::Connection& c) -> Status {
                made = access::issue_calendar_feed(c, ctx, name);
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              if (!made)
                return http::fail(Problem::conflict("You have the most calendar feeds one may have (20); revoke one first"), req);
              json::object o = feed_json(made->feed);
              o["token"] = made->token;
              o["url"] = feed_url(req, made->token);
              Response r = http::json(201, o);
              r.header("Location", "/api/v1/calendar-feeds/" + made->feed.id);
              return r;
            },
            {.summary = "Create a calendar feed: a URL of your meetings and tasks for calendar applications",
             .description = "The answer holds the feed's URL (and its token), shown only this once: paste it into Google "
                            "Calendar, Outlook or Thunderbird (subscribe from URL). The feed holds the meetings and tasks "
                            "you own from 180 days ago on, as your role reads them, and anyone with the URL can read it: "
                            "revoke it with DELETE when it leaks. A person signed in only (not an API key); at most 20.",
             .tag = tag, .request_schema = "CalendarFeedInput", .response_schema = "NewCalendarFeed", .success_status = 201,
             .restricted = true, .sends_location = true, .session_only = true,
             .problems = {{409, "You have 20 calendar feeds already"}}});

  api.route("GET", "/api/v1/calendar-feeds",
            [d](Request& req, const access::Context& ctx) -> Response {
              if (auto p = may_have_feeds(ctx)) return http::fail(*p, req);
              json::array data;
              for (const auto& f : d->read([&](db::Connection& c) { return access::list_calendar_feeds(c, ctx); }))
                data.push_back(feed_json(f));
              return http::json(200, json::object{{"data", std::move(data)}});
            },
            {.summary = "Your live calendar feeds (never their URLs)", .tag = tag, .response_schema = "CalendarFeedList",
             .restricted = true, .session_only = true});

  api.route("DELETE", "/api/v1/calendar-feeds/{id}",
            [d](Request& req, const access::Context& ctx) -> Response {
              if (auto p = may_have_feeds(ctx)) return http::fail(*p, req);
              const std::string id = req.param("id");
              bool revoked = false;
              if (ids::is_uuid(id)) {
                auto st = d->write([&](db::Connection& c) -> Status {
                  revoked = access::revoke_calendar_feed(c, ctx, id);
                  return ok_status();
                });
                if (!st) return http::fail(st.problem(), req);
              }
              if (!revoked) return http::fail(Problem::not_found(), req);
              return http::no_content();
            },
            {.summary = "Revoke one of your calendar feeds: its URL answers 404 from now on", .tag = tag,
             .success_status = 204, .restricted = true, .session_only = true});

  api.public_route("GET", "/api/v1/calendar-feed/{token}",
                   [d, authenticate](Request& req) -> Response {
                     auto ctx = authenticate(req.param("token"));
                     if (!ctx) return http::fail(ctx.problem(), req);
                     Response r;
                     r.content_type = "text/calendar; charset=utf-8";
                     r.body = render_feed(*d, *ctx);
                     r.header("Content-Disposition", "inline; filename=\"rapport.ics\"");
                     return r;
                   },
                   {.summary = "A calendar feed (iCalendar), read with the token of its URL alone",
                    .description = "What calendar applications fetch: the feed's user's meetings (VEVENT) and tasks (VTODO) "
                                   "from 180 days ago on, in UTC, as that user's role reads them. No other credential "
                                   "is taken; 404 once the feed is revoked or its user deactivated.",
                    .tag = tag, .response_content_type = "text/calendar",
                    .problems = {{404, "No live feed has this token"}}});
}

}  // namespace rapport::activities
