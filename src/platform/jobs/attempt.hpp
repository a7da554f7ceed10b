// For a handler whose work is many transactions (an import's batches): whether its attempt still holds
// the job, asked in each of its write transactions, so that an attempt whose lease expired (its node
// stalled, another node took the job over) commits nothing more beside the attempt that replaced it.
#pragma once
#include "platform/db/connection.hpp"
#include "platform/jobs/job.hpp"

namespace rapport::jobs {

// True while `job` is running with no later attempt claimed (not reaped after its lease expired, not
// cancelled), checked in the caller's write transaction. On PostgreSQL the job's row stays locked to
// the end of that transaction, so the reaper cannot requeue the job between the check and the commit
// (SQLite's single writer orders them anyway).
bool attempt_holds(db::Connection& c, const Job& job);

}  // namespace rapport::jobs
