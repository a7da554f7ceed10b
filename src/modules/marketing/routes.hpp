#pragma once
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/records/store.hpp"

namespace rapport::marketing {

// /api/v1/segments (list, create), /api/v1/segments/preview, /api/v1/segments/{id} (read, change,
// delete), /api/v1/segments/{id}/members; /api/v1/lists (list, create), /api/v1/lists/{id} (read,
// change, delete) and /api/v1/lists/{id}/members (read, add, remove). `contacts` is the contacts'
// record store (the members are read as the contacts list reads them).
void add_routes(http::Api& api, db::Database& db, const records::Store& contacts, const records::ObjectSpec& companies);

}  // namespace rapport::marketing
