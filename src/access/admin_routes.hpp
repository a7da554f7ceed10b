// Administering a workspace: its settings (/api/v1/workspace), users (/api/v1/users), teams
// (/api/v1/teams) and roles (/api/v1/roles). Every member may read them (owners and teammates
// appear on records); only a role with the admin flag changes them, and every change is an audit
// event.
#pragma once
#include "access/context.hpp"
#include "access/workspace_settings.hpp"
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"

namespace rapport::access {

void add_user_routes(http::Api& api, db::Database& db);
void add_team_routes(http::Api& api, db::Database& db);
void add_role_routes(http::Api& api, db::Database& db);
// GET /api/v1/workspace (every member) and PATCH /api/v1/workspace (admins): the caller's
// workspace, its name and time zone (workspace_settings.hpp); `observers` hear a new time zone.
void add_workspace_routes(http::Api& api, db::Database& db, std::vector<TimeZoneObserver> observers = {});

// 403 for a caller whose role does not administer the workspace.
Problem admin_only(std::string_view what);

}  // namespace rapport::access
