// A route only the workspace's admins may use: anyone else gets 403 (saying `what` they may not do)
// before the body or an id is looked at, so a refusal reveals nothing.
#pragma once
#include <string>

#include "platform/http/api.hpp"

namespace rapport::http {

inline ApiHandler admins_only(std::string what, ApiHandler h) {
  return [what = std::move(what), h = std::move(h)](Request& req, const identity::Context& ctx) -> Response {
    if (!ctx.is_admin()) return fail(Problem::forbidden("Only an admin can " + what), req);
    return h(req, ctx);
  };
}

}  // namespace rapport::http
