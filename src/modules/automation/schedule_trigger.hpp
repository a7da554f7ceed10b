// The schedule trigger {"cron"}: five-field cron (jobs::cron) on the workspace's clock. Each enabled
// schedule rule has its own named job schedule ("automation:<rule id>", jobs::schedules), written,
// replaced and removed with the rule in the transaction that changes it; each period it enqueues one
// automation.schedule job (one per period whichever node fires it), which enqueues one
// automation.run per record matching the rule's conditions now, at most kScheduleRecordsPerFiring;
// beyond that the firing stops and logs a skipped run saying so. A run's key
// "schedule:<period>:<record>" is unique per rule: a record runs once per period.
#pragma once
#include <string>
#include <vector>

#include "modules/automation/rule.hpp"
#include "platform/db/database.hpp"
#include "platform/jobs/job.hpp"
#include "platform/records/spec.hpp"

namespace rapport::automation {

inline constexpr int kScheduleRecordsPerFiring = 500;
inline constexpr const char* kScheduleJob = "automation.schedule";

// The job schedule's name of a rule.
std::string schedule_name(const std::string& rule_id);
// Puts the rule's job schedule (an enabled schedule rule, in its workspace's time zone) or removes
// it (any other rule), in the caller's transaction. 422 naming trigger.cron for a cron that never fires.
Status sync_schedule(db::Connection& c, const Rule& rule, int64_t now_ms);
// Fires one period of the rule (`period`: the schedule's "scheduled_for"): enqueues the runs and
// answers how many; 0 when the rule is gone, disabled or no longer on a schedule.
int fire_schedule(db::Connection& c, const std::vector<const records::ObjectSpec*>& specs, const std::string& workspace_id,
                  const std::string& rule_id, const std::string& period);

// The automation.schedule job.
jobs::JobType schedule_job_type(db::Database& db, std::vector<const records::ObjectSpec*> specs);

}  // namespace rapport::automation
