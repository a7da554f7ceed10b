#pragma once
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"

namespace rapport::audit {

// GET /api/v1/audit-events (admins): the workspace's audit_log entries, newest first, whoever wrote
// them (record writes, exports, erasures, consents, and logins or role changes from access).
// Query: limit (1-500, default 50), cursor (next_cursor), object_type, object_id, action, actor_id,
// since (inclusive) and until (exclusive) as RFC 3339 date-times. Anything else is 400.
void add_routes(http::Api& api, db::Database& db);

}  // namespace rapport::audit
