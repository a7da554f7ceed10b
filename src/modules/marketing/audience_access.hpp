// Who may see and change the workspace's audiences (segments and static lists). They are about
// contacts, so the caller's contact grants decide:
// - reading them (definitions, members, counts): a role that reads contacts (scope not none); the
//   members and counts are always limited to the contacts the caller may read;
// - creating, changing and deleting them, previewing a filter and changing a list's members: an
//   admin, or a role that exports every contact (`contacts` export scope all: the built-in
//   `marketing` role, or a custom role granting it). An audience takes contacts out of the CRM to
//   be mailed, which is what exporting them does.
#pragma once
#include "platform/identity/context.hpp"
#include "platform/problem.hpp"

namespace rapport::marketing {

bool reads_audiences(const identity::Context& ctx);
bool manages_audiences(const identity::Context& ctx);
// 403 naming what the caller's role lacks.
Problem cannot_read();
Problem cannot_manage();

}  // namespace rapport::marketing
