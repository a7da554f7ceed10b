// The routes of the SLA's configuration: `/api/v1/business-hours` and `/api/v1/sla-policies`
// (list, create, read, change, delete). Members read them; only admins write (403 before anything
// is read). The rules are sla_config.hpp's.
#pragma once
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"

namespace rapport::support {

void add_sla_routes(http::Api& api, db::Database& db);

}  // namespace rapport::support
