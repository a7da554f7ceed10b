// The server's own work in a workspace (a job's automatic change, a pause, a disable): a Context
// with the workspace and no grants, which acts with every right and whose audit actor is empty.
#pragma once
#include <string>

#include "platform/identity/context.hpp"

namespace rapport::identity {

inline Context server_context(const std::string& workspace_id) {
  Context ctx;
  ctx.workspace_id = workspace_id;
  return ctx;
}

}  // namespace rapport::identity
