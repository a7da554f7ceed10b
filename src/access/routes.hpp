#pragma once
#include "access/auth.hpp"
#include "platform/http/api.hpp"
#include "platform/http/client_address.hpp"

namespace rapport::access {

// POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/auth/me,
// GET|POST /api/v1/api-keys, DELETE /api/v1/api-keys/{id}.
// A login with "cookie": true answers with a browser session (rapport_session cookie + CSRF token).
void add_routes(http::Api& api, Auth& auth, db::Database& db, const http::ClientAddress& client_address, bool secure_cookies);
// GET /api/v1/auth/sessions, DELETE /api/v1/auth/sessions/{id}, POST /api/v1/auth/password (its
// current-password check shares the login throttle).
void add_session_routes(http::Api& api, db::Database& db, const LoginThrottle& throttle,
                        const http::ClientAddress& client_address);

}  // namespace rapport::access
