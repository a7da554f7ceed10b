// The SQL of macros (table `macros`, migration 0039). Every statement names the workspace, so no
// call reaches another workspace's rows.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "modules/support/macro.hpp"
#include "platform/db/connection.hpp"

namespace rapport::support::macro_store {

std::optional<Macro> find(db::Connection& c, const std::string& workspace_id, const std::string& id);
// The shared macros and those of `user_id`, by name then id.
std::vector<Macro> list_visible(db::Connection& c, const std::string& workspace_id, const std::string& user_id);
int64_t count(db::Connection& c, const std::string& workspace_id);
void insert(db::Connection& c, const Macro& m);
void update(db::Connection& c, const Macro& m);
void remove(db::Connection& c, const std::string& workspace_id, const std::string& id);

}  // namespace rapport::support::macro_store
