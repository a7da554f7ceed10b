// The SQL of static lists and their members (tables `marketing_lists`, `marketing_list_members`,
// migration 0049). Every statement names the workspace.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "modules/marketing/segment_filter.hpp"
#include "modules/marketing/static_list.hpp"
#include "platform/db/connection.hpp"

namespace rapport::marketing::list_store {

std::optional<StaticList> find(db::Connection& c, const std::string& workspace_id, const std::string& id);
// By name (case-folded), then id.
std::vector<StaticList> list(db::Connection& c, const std::string& workspace_id);
int64_t count(db::Connection& c, const std::string& workspace_id);
std::optional<std::string> same_name(db::Connection& c, const std::string& workspace_id, const std::string& name,
                                     const std::string& except_id);
void insert(db::Connection& c, const std::string& workspace_id, const StaticList& l);
void update(db::Connection& c, const std::string& workspace_id, const StaticList& l);
// Deletes the list and its members.
void remove(db::Connection& c, const std::string& workspace_id, const std::string& id);

// Of `contact_ids`, those already members of the list.
std::vector<std::string> members_among(db::Connection& c, const std::string& workspace_id, const std::string& list_id,
                                       const std::vector<std::string>& contact_ids);
void add_members(db::Connection& c, const std::string& workspace_id, const std::string& list_id,
                 const std::vector<std::string>& contact_ids, const std::string& added_by, const std::string& now);
void remove_members(db::Connection& c, const std::string& workspace_id, const std::string& list_id,
                    const std::vector<std::string>& contact_ids);
// The members as a condition over contacts, for members_page.
Sql member_condition(const std::string& workspace_id, const std::string& list_id);

}  // namespace rapport::marketing::list_store
