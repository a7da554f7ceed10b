// Re-timing a workspace's open tickets after its SLA configuration changed (a policy or a calendar
// created, changed or deleted): a support.sla_refresh job per workspace (one pending at a time)
// walks its live tickets that are not solved or closed, by id, and writes each one's new SLA
// (track_sla: its ticket_sla rows, the ticket's sla_due_at and its first response's KPI durations,
// kpi_durations.hpp) directly. The SLA is derived state:
// the ticket is not changed as a record (no version, history, ticket.updated or audit entry per
// ticket; the configuration change that caused the walk has its own audit entry), so an agent's
// If-Match is not broken by it. A ticket's own changes re-time it anyway; the walk brings the others
// under the new rules within the job's run, not at their next change.
//
// Bounded transactions: a batch holds at most kSlaRefreshBatch tickets and ends early once it has
// run kSlaRefreshBudgetMs, so a workspace with 100k open tickets lets other writers in between
// (docs/benchmarks.md: "SLA re-timing").
#pragma once
#include <cstdint>
#include <string>

#include "platform/db/database.hpp"
#include "platform/jobs/job.hpp"

namespace rapport::support {

inline constexpr const char* kSlaRefreshJob = "support.sla_refresh";
inline constexpr int kSlaRefreshBatch = 200;
inline constexpr int64_t kSlaRefreshBudgetMs = 50;

// Queues the workspace's refresh in the caller's transaction (nothing more when one is pending).
void queue_sla_refresh(db::Connection& c, const std::string& workspace_id);

struct SlaRefreshResult {
  int changed = 0;               // tickets whose SLA moved
  int seen = 0;                  // open tickets walked
  int transactions = 0;          // write transactions taken
  int64_t longest_batch_ms = 0;  // the longest of them, wall time inside the writer
};

// Re-times the workspace's open tickets at `now_ms`.
Result<SlaRefreshResult> refresh_tickets(db::Database& db, const std::string& workspace_id, int64_t now_ms);

jobs::JobType sla_refresh_job_type(db::Database& db);

}  // namespace rapport::support
