// A workspace's own settings: its name and its time zone, the wall clock its recurring jobs and date
// rules run on (modules read it with workspace_time_zone and pass it to jobs::schedules). Admins
// change them through PATCH /api/v1/workspace (workspace_routes.cpp); every change is audited.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>

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

// Applies the change inside the caller's write transaction and audits it (before/after); returns
// the workspace as it is now. 422 naming the field for a bad value, 409 when another workspace has
// the name (names are unique across the server, compared by case folding).
Result<boost::json::object> change_workspace(db::Connection& c, const Context& ctx, const WorkspaceChange& change);

}  // namespace rapport::access
