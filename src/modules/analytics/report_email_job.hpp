// The analytics.report_email job: runs one report schedule's saved report as the report's owner and
// emails it (report_email.hpp) to each recipient, one message each (no recipient sees the others'
// addresses), through the email module's queue (queue_email: the workspace's SMTP settings, the
// email.send job's retries, the CSV as the message's file).
//
// Enqueued by the schedule's job schedule (jobs/schedules.hpp) or by "send now". A run reads the
// schedule (gone: nothing to do), the saved report (gone: nothing to do), the owner's identity as it
// is now (access::user_context: an owner no longer active sends nothing: failed for good), the
// recipients (users: their address if still active, else left out). The report is run under the
// owner's scope and field rules, so a recipient, inside or outside the workspace, gets what the
// owner may see, never more. A report refused (the owner's role no longer reads its object, a
// field now hidden, too large) fails for good with the reason; the workspace without email
// settings too. The emails are queued, and the schedule's last_sent_at set, in the transaction that
// marks the job done: a crash before it queues nothing, and the job runs again.
#pragma once
#include <vector>

#include "platform/db/database.hpp"
#include "platform/jobs/job.hpp"
#include "platform/records/spec.hpp"

namespace rapport::analytics {

jobs::JobType report_email_job_type(db::Database& db, std::vector<const records::ObjectSpec*> specs);

}  // namespace rapport::analytics
