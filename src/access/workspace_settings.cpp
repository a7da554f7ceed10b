#include "access/workspace_settings.hpp"

#include <stdexcept>

#include "access/provisioning.hpp"
#include "platform/case_fold.hpp"
#include "platform/jobs/cron.hpp"
#include "platform/journal.hpp"
#include "platform/must.hpp"

namespace rapport::access {
namespace json = boost::json;

std::string workspace_time_zone(db::Connection& c, const std::string& workspace_id) {
  auto v = c.scalar("SELECT time_zone FROM workspaces WHERE id = ?", {workspace_id});
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  throw std::runtime_error("no workspace has the id " + workspace_id);
}

std::optional<json::object> load_workspace(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare("SELECT id, name, time_zone, created_at FROM workspaces WHERE id = ?");
  st.bind_all({workspace_id});
  if (!st.step()) return std::nullopt;
  json::object o{{"id", st.text(0)}, {"name", st.text(1)}, {"time_zone", st.text(2)}, {"created_at", st.text(3)}};
  st.reset();
  return o;
}

Result<json::object> change_workspace(db::Connection& c, const Context& ctx, const WorkspaceChange& change,
                                      const std::vector<TimeZoneObserver>& observers) {
  if (change.time_zone)
    if (auto zone = jobs::time_zone(*change.time_zone, "time_zone"); !zone) return zone.take_problem();
  auto before = load_workspace(c, ctx.workspace_id);
  if (!before) return Problem::not_found();
  if (change.name) {
    auto holder = find_workspace(c, *change.name);
    // The same words as `rapport workspace create`; the other workspace's id is not said.
    if (holder && *holder != ctx.workspace_id)
      return Problem::conflict("A workspace named '" + *change.name + "' already exists",
                               {{"name", "unique", "is already used"}});
    c.prepare("UPDATE workspaces SET name = ?, name_key = ? WHERE id = ?")
        .bind_all({*change.name, case_fold::key(*change.name), ctx.workspace_id})
        .run();
  }
  const std::string zone_before(before->at("time_zone").as_string());
  if (change.time_zone && *change.time_zone != zone_before) {
    c.prepare("UPDATE workspaces SET time_zone = ? WHERE id = ?").bind_all({*change.time_zone, ctx.workspace_id}).run();
    for (const auto& observe : observers)
      if (Status st = observe(c, ctx.workspace_id, zone_before, *change.time_zone); !st) return st.problem();
  }
  auto after = must(load_workspace(c, ctx.workspace_id), "the workspace just changed");
  json::array changes = journal::diff(*before, after);
  if (!changes.empty()) journal::audit(c, ctx, "workspaces", ctx.workspace_id, "update", changes);
  return after;
}

}  // namespace rapport::access
