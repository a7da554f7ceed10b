// A workspace's own settings: its name and its time zone, the wall clock its recurring jobs and date
// rules run on (modules read it with workspace_time_zone and pass it to jobs::schedules). Admins
// change them through PATCH /api/v1/workspace (workspace_routes.cpp); every change is audited.
#pragma once
#include <boost/json.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "access/context.hpp"
#include "platform/db/connection.hpp"
#include "platform/problem.hpp"

namespace rapport::access {

// The workspace's IANA time zone ("UTC" until an admin sets one; every stored value was checked by
// jobs::time_zone). Throws std::runtime_error for an id no workspace has (a caller's bug: workspaces
// are never deleted).
std::string workspace_time_zone(db::Connection& c, const std::string& workspace_id);

// {id, name, time_zone, created_at}; nullopt for an id no workspace has.
std::optional<boost::json::object> load_workspace(db::Connection& c, const std::string& workspace_id);

// A change to the caller's workspace; an absent field stays as it is.
struct WorkspaceChange {
  std::optional<std::string> name;       // 1 to 100 characters (as `rapport workspace create`)
  std::optional<std::string> time_zone;  // an IANA name jobs::time_zone accepts
};

// Told, inside the change's transaction, that the workspace's time zone went from `before` to
// `after` (already stored), so that what a module computed on the old wall clock (automation's job
// schedules and date windows) follows; a problem it returns undoes the whole change. Access knows
// no module: the app registers the observers (app/application.cpp).
using TimeZoneObserver =
    std::function<Status(db::Connection& c, const std::string& workspace_id, const std::string& before, const std::string& after)>;

// Applies the change inside the caller's write transaction and audits it (before/after); returns
// the workspace as it is now. 422 naming the field for a bad value, 409 when another workspace has
// the name (names are unique across the server, compared by case folding). A new time zone is told
// to each observer.
Result<boost::json::object> change_workspace(db::Connection& c, const Context& ctx, const WorkspaceChange& change,
                                             const std::vector<TimeZoneObserver>& observers = {});

}  // namespace rapport::access
