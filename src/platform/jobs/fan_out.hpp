// A scheduled job whose work is to enqueue another job for each workspace that needs one (a nightly
// training, an hourly refresh): one transaction reads the workspaces `workspaces_sql` names (a query
// without parameters whose first column is a workspace id) and calls `enqueue` for each, so either
// every job is enqueued or none, and a failure is retried. At most one runs at a time.
#pragma once
#include <functional>
#include <string>

#include "platform/db/database.hpp"
#include "platform/jobs/job.hpp"

namespace rapport::jobs {

JobType fan_out_job_type(db::Database& db, std::string name, std::string workspaces_sql,
                         std::function<void(db::Connection&, const std::string& workspace_id)> enqueue);

}  // namespace rapport::jobs
