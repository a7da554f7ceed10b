#include "modules/webhooks/creator.hpp"

#include "access/user_context.hpp"

namespace rapport::webhooks {

std::optional<identity::Context> creator_context(db::Connection& c, const std::string& workspace_id, const std::string& user_id) {
  return access::user_context(c, workspace_id, user_id);
}

}  // namespace rapport::webhooks
