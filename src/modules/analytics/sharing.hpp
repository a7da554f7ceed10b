// Who sees and changes a saved report or a dashboard. A private item is its owner's alone (404 to
// anyone else, admins included: it is someone's work in progress). A team item is seen by the
// members of its team and by admins; a workspace item by every member. Only the owner changes or
// deletes an item, and for a team or workspace one also an admin. Sharing with a team needs a team of
// the workspace the caller is in (admins: any team of the workspace). A team that is removed leaves
// its items to their owners and the admins.
#pragma once
#include <string>
#include <vector>

#include "modules/analytics/saved_item.hpp"
#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"

namespace rapport::analytics {

// The caller's teams (ids).
std::vector<std::string> caller_teams(db::Connection& c, const identity::Context& ctx);

bool may_see(const identity::Context& ctx, const Sharing& s, const std::vector<std::string>& teams);
bool may_change(const identity::Context& ctx, const Sharing& s);

// The sharing an item may have: team_id with "team" only and then a team of the workspace the caller
// is in (or any, for an admin); 422 naming team_id otherwise.
Status check_sharing(db::Connection& c, const identity::Context& ctx, const Sharing& s, const std::vector<std::string>& teams);

}  // namespace rapport::analytics
