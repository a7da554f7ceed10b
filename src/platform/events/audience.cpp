#include "platform/events/audience.hpp"

#include "platform/identity/securable_objects.hpp"

namespace rapport::events {

bool Audience::may_hear(const Event& e) const {
  if (!identity::is_securable(e.object_type)) return true;
  switch (ctx.scope(e.object_type, identity::Action::Read)) {
    case identity::Scope::All: return true;
    case identity::Scope::None: return false;
    case identity::Scope::Own: return !e.owner_id.empty() && e.owner_id == ctx.user_id;
    case identity::Scope::Team:
      if (!e.team_id.empty() && teams.count(e.team_id) > 0) return true;
      return !e.owner_id.empty() && (e.owner_id == ctx.user_id || team.count(e.owner_id) > 0);
  }
  return false;
}

bool Audience::reads_less(const Audience& now) const {
  for (const auto& object : identity::securable_objects())
    if (now.ctx.scope(object, identity::Action::Read) < ctx.scope(object, identity::Action::Read)) return true;
  return false;
}

bool needs_team(const identity::Context& ctx) {
  for (const auto& object : identity::securable_objects())
    if (ctx.scope(object, identity::Action::Read) == identity::Scope::Team) return true;
  return false;
}

Audience audience_of(db::Connection& c, identity::Context ctx) {
  Audience a;
  if (needs_team(ctx)) {
    // The same members as the "team" scope of reads (records/scope.cpp).
    auto& st = c.prepare(
        "SELECT DISTINCT m2.user_id FROM team_members m1 JOIN team_members m2 ON m2.team_id = m1.team_id "
        "WHERE m1.workspace_id = ? AND m1.user_id = ?");
    st.bind_all({ctx.workspace_id, ctx.user_id});
    while (st.step()) a.team.insert(st.text(0));
    st.reset();
    auto& mine = c.prepare("SELECT team_id FROM team_members WHERE workspace_id = ? AND user_id = ?");
    mine.bind_all({ctx.workspace_id, ctx.user_id});
    while (mine.step()) a.teams.insert(mine.text(0));
    mine.reset();
  }
  a.ctx = std::move(ctx);
  return a;
}

}  // namespace rapport::events
