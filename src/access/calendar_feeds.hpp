// Calendar feeds: a user's subscribable iCalendar URL (the feed route itself is the activities
// module's). The URL carries a token ("rpc_" and 256 random bits) that does nothing but read that
// feed, as its user with their role's read scope; like API keys only its hash is stored, the token
// is shown once, and a revoked feed stops answering. Each function runs in the caller's transaction.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"

namespace rapport::access {

constexpr std::string_view kCalendarFeedPrefix = "rpc_";
constexpr std::size_t kMaxCalendarFeedsPerUser = 20;

struct CalendarFeed {
  std::string id, name, created_at;
  std::optional<std::string> last_used_at;
};

struct NewCalendarFeed {
  CalendarFeed feed;
  std::string token;  // shown once
};

// A feed for the caller (ctx.user_id), audited "create" with its name; nullopt when they already
// have kMaxCalendarFeedsPerUser live feeds.
std::optional<NewCalendarFeed> issue_calendar_feed(db::Connection& c, const identity::Context& ctx, const std::string& name);
// The caller's live feeds, newest first.
std::vector<CalendarFeed> list_calendar_feeds(db::Connection& c, const identity::Context& ctx);
// Revokes one of the caller's live feeds, audited "revoke"; false when they have no such feed.
bool revoke_calendar_feed(db::Connection& c, const identity::Context& ctx, const std::string& id);

}  // namespace rapport::access
