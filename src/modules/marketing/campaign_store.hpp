// The SQL of campaigns (table `campaigns`, migration 0051). Every statement names the workspace.
// The functions take the workspace as AudienceTable (audience_writes.hpp) calls them.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "modules/marketing/campaign.hpp"
#include "platform/db/connection.hpp"

namespace rapport::marketing::campaign_store {

std::optional<Campaign> find(db::Connection& c, const std::string& workspace_id, const std::string& id);
// Newest first.
std::vector<Campaign> list(db::Connection& c, const std::string& workspace_id);
int64_t count(db::Connection& c, const std::string& workspace_id);
std::optional<std::string> same_name(db::Connection& c, const std::string& workspace_id, const std::string& name,
                                     const std::string& except_id);
void insert(db::Connection& c, const std::string& workspace_id, const Campaign& v);
// Every column but id, created_*: the content, the status and its times.
void update(db::Connection& c, const std::string& workspace_id, const Campaign& v);
// The send job that may send now (campaign_jobs.cpp): bookkeeping, not a new version.
void set_send_job(db::Connection& c, const std::string& workspace_id, const std::string& id, const std::string& job_id);
// The campaign and its recipients.
void remove(db::Connection& c, const std::string& workspace_id, const std::string& id);

}  // namespace rapport::marketing::campaign_store
