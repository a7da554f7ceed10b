// The identity a webhook's payloads are read as: its creator's, with the role they have now (their
// record scope and field rules), as if they called GET themselves.
#pragma once
#include <optional>
#include <string>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"

namespace rapport::webhooks {

// nullopt when the user is no longer active (or gone), or their role no longer exists.
std::optional<identity::Context> creator_context(db::Connection& c, const std::string& workspace_id, const std::string& user_id);

}  // namespace rapport::webhooks
