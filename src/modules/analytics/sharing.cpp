#include "modules/analytics/sharing.hpp"

#include <algorithm>

namespace rapport::analytics {

std::vector<std::string> caller_teams(db::Connection& c, const identity::Context& ctx) {
  std::vector<std::string> out;
  if (ctx.user_id.empty()) return out;
  auto& st = c.prepare("SELECT team_id FROM team_members WHERE workspace_id = ? AND user_id = ?");
  st.bind_all({ctx.workspace_id, ctx.user_id});
  while (st.step()) out.push_back(st.text(0));
  st.reset();
  return out;
}

bool may_see(const identity::Context& ctx, const Sharing& s, const std::vector<std::string>& teams) {
  if (!ctx.user_id.empty() && s.owner_id == ctx.user_id) return true;
  if (s.visibility == "workspace") return true;
  if (s.visibility == "team") return ctx.is_admin() || std::find(teams.begin(), teams.end(), s.team_id) != teams.end();
  return false;
}

bool may_change(const identity::Context& ctx, const Sharing& s) {
  if (!ctx.user_id.empty() && s.owner_id == ctx.user_id) return true;
  return s.visibility != "private" && ctx.is_admin();
}

Status check_sharing(db::Connection& c, const identity::Context& ctx, const Sharing& s, const std::vector<std::string>& teams) {
  if (s.visibility != "team") {
    if (!s.team_id.empty()) return Problem::invalid({{"team_id", "unexpected", "only an item shared with a team names one"}});
    return ok_status();
  }
  if (s.team_id.empty()) return Problem::invalid({{"team_id", "required", "an item shared with a team names the team"}});
  const bool exists = !std::holds_alternative<std::nullptr_t>(
      c.scalar("SELECT 1 FROM teams WHERE workspace_id = ? AND id = ?", {ctx.workspace_id, s.team_id}));
  const bool member = std::find(teams.begin(), teams.end(), s.team_id) != teams.end();
  if (!exists || (!member && !ctx.is_admin()))
    return Problem::invalid({{"team_id", "not_found", "refers to no team of yours in this workspace"}});
  return ok_status();
}

}  // namespace rapport::analytics
