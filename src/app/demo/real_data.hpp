// Whether a workspace holds real data, which `rapport generate` refuses to mix fake records into
// unless --force. Precisely: the workspace's audit log has an entry about anything but its users and
// API keys (a record, pipeline, custom field, role, team or workspace setting created, changed or
// deleted through the API, or copied with its history by migrate-data), or the workspace has a user
// besides its first admin. Generated and --demo records have no audit entries and no users of their
// own, so generating again into a generated workspace is allowed; sign-ins and API keys (audited
// under users and api_keys) do not count, so a benchmark's key made before generating is fine.
#pragma once
#include <optional>
#include <string>

#include "platform/db/connection.hpp"

namespace rapport::app {

// What makes the workspace hold real data, for a message ("an audit entry 'contacts create'"), or nullopt.
std::optional<std::string> real_data_in(db::Connection& c, const std::string& workspace_id);

}  // namespace rapport::app
