#include "access/user_context.hpp"

#include <memory>

#include "access/role_store.hpp"

namespace rapport::access {

std::optional<identity::Context> user_context(db::Connection& c, const std::string& workspace_id, const std::string& user_id) {
  auto role_name = c.scalar("SELECT role FROM users WHERE workspace_id = ? AND id = ? AND active = 1", {workspace_id, user_id});
  auto* name = std::get_if<std::string>(&role_name);
  if (!name) return std::nullopt;
  auto role = load_role(c, workspace_id, *name);
  if (!role) return std::nullopt;
  identity::Context ctx;
  ctx.workspace_id = workspace_id;
  ctx.user_id = user_id;
  ctx.role = *name;
  ctx.grants = std::make_shared<const Role>(std::move(*role));
  return ctx;
}

}  // namespace rapport::access
