#pragma once
#include "access/context.hpp"
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"

namespace rapport::privacy {

// GET  /api/v1/contacts/{id}/export    (admin)  everything held about the contact, as a download
// POST /api/v1/contacts/{id}/erase     (admin)  erase the person; answers the tombstone
// GET  /api/v1/contacts/{id}/consents           consent state per channel and history
// POST /api/v1/contacts/{id}/consents           record a consent change (201)
// Register before the generic /api/v1/contacts/{id} routes.
void add_routes(http::Api& api, db::Database& db);

}  // namespace rapport::privacy
