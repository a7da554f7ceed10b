// Re-timing a workspace's open tickets after its SLA configuration changed (a policy or a calendar
// created, changed or deleted): a support.sla_refresh job per workspace (one pending at a time)
// walks its live tickets that are not solved or closed, by id, kSlaRefreshBatch per transaction,
// and writes each one's new SLA (track_sla) as a server-made change of the ticket when it moved
// (version, history, ticket.updated). A ticket's own changes re-time it anyway; the walk brings the
// others under the new rules within the job's run, not at their next change.
#pragma once
#include <string>

#include "platform/db/database.hpp"
#include "platform/jobs/job.hpp"

namespace rapport::support {

inline constexpr const char* kSlaRefreshJob = "support.sla_refresh";
inline constexpr int kSlaRefreshBatch = 200;

// Queues the workspace's refresh in the caller's transaction (nothing more when one is pending).
void queue_sla_refresh(db::Connection& c, const std::string& workspace_id);

// Re-times the workspace's open tickets at `now_ms`; returns how many changed.
Result<int> refresh_tickets(db::Database& db, const std::string& workspace_id, int64_t now_ms);

jobs::JobType sla_refresh_job_type(db::Database& db);

}  // namespace rapport::support
