#pragma once
#include "access/auth.hpp"
#include "platform/http/api.hpp"
#include "platform/http/client_address.hpp"

namespace rapport::access {

// POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/auth/me,
// GET|POST /api/v1/api-keys, DELETE /api/v1/api-keys/{id}.
void add_routes(http::Api& api, Auth& auth, db::Database& db, const http::ClientAddress& client_address);

}  // namespace rapport::access
