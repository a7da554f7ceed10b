// The identity of a user acting later, without a request (a webhook's creator reading its payloads,
// an import running as the user who uploaded it): their role as it is now (record scope and field
// rules), as if they called the API themselves.
#pragma once
#include <optional>
#include <string>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"

namespace rapport::access {

// nullopt when the user is no longer active (or gone), or their role no longer exists.
std::optional<identity::Context> user_context(db::Connection& c, const std::string& workspace_id, const std::string& user_id);

}  // namespace rapport::access
