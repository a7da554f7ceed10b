// The SQL of the SLA's configuration: business-hours calendars (`business_hours`) and SLA policies
// (`sla_policies`), migration 0037. Every query names its workspace.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "modules/support/business_hours.hpp"
#include "modules/support/sla_policy.hpp"
#include "platform/db/connection.hpp"

namespace rapport::support::sla_store {

std::vector<BusinessHours> calendars(db::Connection& c, const std::string& workspace_id);  // by name
std::optional<BusinessHours> find_calendar(db::Connection& c, const std::string& workspace_id, const std::string& id);
// The calendar of a team's tickets: the team's own, else the workspace's default; nullopt: none.
std::optional<BusinessHours> calendar_for_team(db::Connection& c, const std::string& workspace_id,
                                               const std::optional<std::string>& team_id);
void insert_calendar(db::Connection& c, const BusinessHours& b);
// Writes b over the stored row of version `version`; false when that version is no longer stored.
bool update_calendar(db::Connection& c, const BusinessHours& b, int64_t version);
void delete_calendar(db::Connection& c, const std::string& workspace_id, const std::string& id);
// Clears the default flag of the workspace's other calendars (a new default replaces the old one).
void clear_default(db::Connection& c, const std::string& workspace_id, const std::string& except_id, const std::string& now);

std::vector<SlaPolicy> policies(db::Connection& c, const std::string& workspace_id);  // by position, then id
std::optional<SlaPolicy> find_policy(db::Connection& c, const std::string& workspace_id, const std::string& id);
void insert_policy(db::Connection& c, const SlaPolicy& p);
bool update_policy(db::Connection& c, const SlaPolicy& p, int64_t version);
void delete_policy(db::Connection& c, const std::string& workspace_id, const std::string& id);

// Rows of `table` (business_hours or sla_policies) in the workspace; whether another row than
// `except_id` has that name; the names of the policies using a calendar.
int64_t count(db::Connection& c, const std::string& table, const std::string& workspace_id);
bool name_taken(db::Connection& c, const std::string& table, const std::string& workspace_id, const std::string& name,
                const std::string& except_id);
std::vector<std::string> policies_using(db::Connection& c, const std::string& workspace_id, const std::string& calendar_id);

}  // namespace rapport::support::sla_store
