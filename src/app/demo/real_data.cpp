#include "app/demo/real_data.hpp"

namespace rapport::app {

std::optional<std::string> real_data_in(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare(
      "SELECT object_type, action FROM audit_log WHERE workspace_id = ? AND object_type NOT IN ('users', 'api_keys') "
      "LIMIT 1");
  st.bind_all({workspace_id});
  std::optional<std::string> found;
  if (st.step()) found = "its audit log records changes made through the API (e.g. '" + st.text(0) + " " + st.text(1) + "')";
  st.reset();
  if (found) return found;
  int64_t users = std::get<int64_t>(c.scalar("SELECT count(*) FROM users WHERE workspace_id = ?", {workspace_id}));
  if (users > 1) return "it has " + std::to_string(users) + " users";
  return std::nullopt;
}

}  // namespace rapport::app
