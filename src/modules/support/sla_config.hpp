// The use cases of the SLA's configuration: business-hours calendars and SLA policies. Reads are
// every member's (agents see which promise a ticket is under); writes are admins' (the routes refuse
// anyone else with 403 before reading anything). Each write is one transaction with its audit entry
// (objects business_hours and sla_policies) and queues the workspace's SLA refresh (sla_refresh.hpp),
// which re-times its open tickets under the new rules.
//
// Rules: names unique in the workspace (409 naming `name`); at most kMaxCalendars calendars and
// kMaxPolicies policies (409); a team has one calendar (409 naming `team_id`) and must exist (422);
// one default calendar (a new default replaces the old); a calendar a policy uses cannot be deleted
// (409); a policy's business_hours_id and company ids must exist in the workspace (422 naming them).
// PATCH and DELETE honour If-Match (412 when the version moved).
#pragma once
#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "modules/support/business_hours.hpp"
#include "modules/support/sla_policy.hpp"
#include "platform/db/database.hpp"
#include "platform/identity/context.hpp"

namespace rapport::support {

Result<std::vector<BusinessHours>> list_calendars(db::Database& db, const identity::Context& ctx);
Result<BusinessHours> get_calendar(db::Database& db, const identity::Context& ctx, const std::string& id);
Result<BusinessHours> create_calendar(db::Database& db, const identity::Context& ctx, const boost::json::object& body);
Result<BusinessHours> update_calendar(db::Database& db, const identity::Context& ctx, const std::string& id,
                                      const boost::json::object& body, std::string_view if_match);
Status delete_calendar(db::Database& db, const identity::Context& ctx, const std::string& id, std::string_view if_match);

Result<std::vector<SlaPolicy>> list_policies(db::Database& db, const identity::Context& ctx);
Result<SlaPolicy> get_policy(db::Database& db, const identity::Context& ctx, const std::string& id);
Result<SlaPolicy> create_policy(db::Database& db, const identity::Context& ctx, const boost::json::object& body);
Result<SlaPolicy> update_policy(db::Database& db, const identity::Context& ctx, const std::string& id,
                                const boost::json::object& body, std::string_view if_match);
Status delete_policy(db::Database& db, const identity::Context& ctx, const std::string& id, std::string_view if_match);

}  // namespace rapport::support
