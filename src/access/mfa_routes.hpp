#pragma once
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/vault.hpp"

namespace rapport::access {

// GET /api/v1/auth/mfa, POST /api/v1/auth/mfa/{enroll,confirm,disable,recovery-codes},
// GET|PUT /api/v1/auth/mfa/policy.
void add_mfa_routes(http::Api& api, db::Database& db, const Vault& vault);

}  // namespace rapport::access
