// The automation.run job: runs one rule for one event, logging the run (automation_runs).
//
// A run starts in one transaction that decides whether it runs at all: the rule gone or disabled
// since, nothing; the rule already ran `kMaxRunsPerWindow` times on the record within a minute, the
// rule is paused (disabled with paused_reason, audited, automation.paused emitted) and the run
// logged `skipped`; the conditions not holding for the record as it is now (records::matches) or for
// the event's changes ("changed" operators), the run logged `skipped` with why; else the run row is
// written `running` with the rule's version.
//
// The actions then run in order as the workspace: the server's identity (every right) with the rule
// as the audit actor ("automation:<rule id>") and the event's depth + 1, which the events of its
// changes carry. Each action's step commits with its database effect (actions.hpp), so a retried
// job continues after the last committed step and never repeats one. An action that fails is logged
// `failed` with its error, the actions after it `not_run`, and the run ends `failed` (the job is
// done: a failed action is not retried, the run log says what happened). The run ends `succeeded`
// in the transaction that finishes the job.
#pragma once
#include "modules/automation/actions.hpp"
#include "platform/jobs/job.hpp"

namespace rapport::automation {

jobs::JobType run_job_type(AutomationDeps deps);

}  // namespace rapport::automation
