// Where roles come from: built-in ones from code, custom ones from the workspace's roles table. The
// cache keeps parsed custom definitions by (workspace, name, updated_at), so authenticating a request
// parses nothing once a role has been seen.
#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "access/role.hpp"
#include "platform/db/connection.hpp"

namespace rapport::access {

// A custom role from its stored columns; an unreadable definition grants nothing.
Role custom_role(const std::string& name, const std::string& label, const std::string& description,
                 const std::string& definition);
// The role of that name in the workspace (built-in or custom), or nullopt.
std::optional<Role> load_role(db::Connection& c, const std::string& workspace_id, const std::string& name);
// Built-in roles first, then the workspace's custom roles by name.
std::vector<Role> list_roles(db::Connection& c, const std::string& workspace_id);

class RoleCache {
 public:
  // The built-in role `name`, else the custom role whose definition was read with the user (null
  // definition: the role no longer exists, which grants nothing).
  std::shared_ptr<const Role> get(const std::string& workspace_id, const std::string& name,
                                  const std::optional<std::string>& definition, const std::string& revision);

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Role>> custom_;
};

}  // namespace rapport::access
