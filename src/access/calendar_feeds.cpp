#include "access/calendar_feeds.hpp"

#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"

namespace rapport::access {
namespace json = boost::json;

std::optional<NewCalendarFeed> issue_calendar_feed(db::Connection& c, const identity::Context& ctx, const std::string& name) {
  auto live = c.scalar("SELECT count(*) FROM calendar_feeds WHERE workspace_id = ? AND user_id = ? AND revoked_at IS NULL",
                       {ctx.workspace_id, ctx.user_id});
  if (std::get<int64_t>(live) >= static_cast<int64_t>(kMaxCalendarFeedsPerUser)) return std::nullopt;
  NewCalendarFeed out;
  out.token = std::string(kCalendarFeedPrefix) + ids::random_token(32);
  out.feed = {ids::uuid_v7(), name, clock::now_text(), std::nullopt};
  c.prepare("INSERT INTO calendar_feeds(id, workspace_id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all({out.feed.id, ctx.workspace_id, ctx.user_id, name, ids::token_hash(out.token), out.feed.created_at})
      .run();
  journal::audit(c, ctx, "calendar_feeds", out.feed.id, "create",
                 json::array{json::object{{"field", "name"}, {"before", nullptr}, {"after", name}}});
  return out;
}

std::vector<CalendarFeed> list_calendar_feeds(db::Connection& c, const identity::Context& ctx) {
  auto& st = c.prepare(
      "SELECT id, name, created_at, last_used_at FROM calendar_feeds WHERE workspace_id = ? AND user_id = ? "
      "AND revoked_at IS NULL ORDER BY created_at DESC, id DESC");
  st.bind_all({ctx.workspace_id, ctx.user_id});
  std::vector<CalendarFeed> out;
  while (st.step())
    out.push_back({st.text(0), st.text(1), st.text(2), st.is_null(3) ? std::nullopt : std::optional<std::string>(st.text(3))});
  st.reset();
  return out;
}

bool revoke_calendar_feed(db::Connection& c, const identity::Context& ctx, const std::string& id) {
  c.prepare("UPDATE calendar_feeds SET revoked_at = ? WHERE workspace_id = ? AND user_id = ? AND id = ? AND revoked_at IS NULL")
      .bind_all({clock::now_text(), ctx.workspace_id, ctx.user_id, id})
      .run();
  if (c.changes() != 1) return false;
  journal::audit(c, ctx, "calendar_feeds", id, "revoke", json::array{});
  return true;
}

}  // namespace rapport::access
