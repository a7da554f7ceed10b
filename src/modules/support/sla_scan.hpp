// The SLA's scheduled scan: one installation-wide schedule (every minute, one job per minute
// whichever node fires it) runs support.sla_scan, which finds, across workspaces, the open targets
// of live tickets whose warning time or due time has come (ticket_sla.warn_at / due_at <= now) and
// emits, once per target and due time, `ticket.sla_warning` or `ticket.sla_breached` (outbox events:
// webhooks and automations react to them). A target found past its due time before its warning
// was sent is breached without a warning. The mark (warned_at, breached_at) is set by a conditional
// UPDATE in the transaction that emits the event, so two scans never emit it twice; a due time
// that moves later (ticket_sla.cpp) may fire again. A paused target has no due time: it never fires.
#pragma once
#include <cstdint>

#include "platform/db/database.hpp"
#include "platform/jobs/job.hpp"

namespace rapport::support {

inline constexpr const char* kSlaScanJob = "support.sla_scan";
inline constexpr const char* kSlaScanCron = "* * * * *";
inline constexpr int kSlaScanBatch = 500;      // targets per transaction
inline constexpr int kSlaScanMaxBatches = 40;  // per scan; the rest waits for the next minute

// Emits the warnings and breaches due at `now_ms`; returns how many events it emitted.
int scan_sla(db::Database& db, int64_t now_ms);

// The support.sla_scan job (scans up to the clock's now), and its schedule (written at start-up).
jobs::JobType sla_scan_job_type(db::Database& db);
Status install_sla_scan(db::Database& db);

}  // namespace rapport::support
