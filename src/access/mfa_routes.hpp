#pragma once
#include "access/context.hpp"
#include "access/login_throttle.hpp"
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/http/client_address.hpp"
#include "platform/vault.hpp"

namespace rapport::access {

// GET /api/v1/auth/mfa, POST /api/v1/auth/mfa/{enroll,confirm,disable,recovery-codes},
// GET|PUT /api/v1/auth/mfa/policy. Disabling checks the password and code under the login throttle.
void add_mfa_routes(http::Api& api, db::Database& db, const Vault& vault, const LoginThrottle& throttle,
                    const http::ClientAddress& client_address);

}  // namespace rapport::access
