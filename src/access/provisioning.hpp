// Creating workspaces, their users and API keys. Used by the command line (first start,
// `rapport workspace create`, `rapport apikey create`) and by the API. Each function runs inside the
// caller's write transaction.
#pragma once
#include <optional>
#include <string>

#include "platform/db/connection.hpp"
#include "platform/problem.hpp"

namespace rapport::access {

struct NewWorkspace {
  std::string workspace_id;
  std::string admin_user_id;
};

int64_t workspace_count(db::Connection& c);
std::optional<std::string> find_workspace(db::Connection& c, const std::string& name);
std::optional<std::string> find_user(db::Connection& c, const std::string& workspace_id, const std::string& email);

// A workspace named `name` with one admin user. 409 when the name is taken.
Result<NewWorkspace> create_workspace(db::Connection& c, const std::string& name, const std::string& admin_email,
                                      const std::string& admin_password);

struct NewApiKey {
  std::string id;
  std::string key;  // shown once; only its hash is stored
  std::string prefix;
};
NewApiKey create_api_key(db::Connection& c, const std::string& workspace_id, const std::string& user_id,
                         const std::string& name, const std::optional<std::string>& expires_at);

}  // namespace rapport::access
