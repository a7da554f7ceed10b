// API keys: issued to a user with an optional role (never more than a limit) and expiry, listed and
// revoked. The routes (access/routes.cpp) and the `rapport apikey` commands share these functions;
// each runs inside the caller's transaction, and the writes leave an audit entry as `ctx` (for the
// command line: a context without user or grants, so the entry has no actor).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "access/provisioning.hpp"
#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"
#include "platform/problem.hpp"

namespace rapport::access {

struct ApiKeyInfo {
  std::string id, name, prefix, user_id, user_email, created_at;
  std::optional<std::string> expires_at, last_used_at, revoked_at, role;
};

// Whether a key may be given `role`: a role of the workspace (else 422 on "role") that grants no more
// than `limit` (the creator's effective grants, or its user's role; null: no limit; else 403).
Status check_key_role(db::Connection& c, const std::string& workspace_id, const std::string& role,
                      const identity::Permissions* limit);

// A new key acting as user_id (create_api_key), with its role, audited "create" with its name.
NewApiKey issue_api_key(db::Connection& c, const identity::Context& ctx, const std::string& user_id,
                        const std::string& name, const std::optional<std::string>& expires_at,
                        const std::optional<std::string>& role);

// The workspace's keys, revoked ones too, newest first; only user_id's when given.
std::vector<ApiKeyInfo> list_api_keys(db::Connection& c, const std::string& workspace_id,
                                      const std::optional<std::string>& user_id);

// Revokes a live key of ctx's workspace (only only_user's when given), audited "revoke"; false when
// there is no such key.
bool revoke_api_key(db::Connection& c, const identity::Context& ctx, const std::string& id,
                    const std::optional<std::string>& only_user);

}  // namespace rapport::access
