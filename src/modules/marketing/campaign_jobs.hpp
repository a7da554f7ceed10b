// Sending a campaign through the job queue, one workspace's campaign at a time per job:
//
// campaign.freeze (at scheduled_at): in the transaction that marks the job done, the audience is
// compiled and inserted into campaign_recipients by one INSERT ... SELECT (a contact already there
// is left alone, so a second run adds nothing), the campaign becomes `sending` and its first
// campaign.send job is enqueued. A segment or list gone, or a filter that no longer compiles,
// pauses the campaign with the reason in `error`.
//
// campaign.send (a chain, one job at a time: the campaign names the job that may send, and a job
// that is not it stops): sends up to kBatch recipients in contact order, then enqueues the next job
// after the batch's share of a minute (rate_per_minute), or marks the campaign `sent` when no
// recipient is left. Each batch is prepared in one transaction just before it is sent: for each
// recipient the contact must still be live with an address (else skipped contact_deleted /
// no_email), and privacy::may_contact must allow email_marketing (else skipped suppressed when the
// address is on the suppression list, no_consent otherwise); the others' messages are made there
// (prepare_campaign_message). The batch goes kInFlight messages at a time, each on its own SMTP
// connection, kept open for the next window's (net::SmtpClient reuses them: smtp_connections.hpp)
// (one transaction claims a window and settles the one before: a commit a window, not a message). Pausing stops the chain after the window in flight; resuming starts a new one.
//
// At most once, by design: a recipient is claimed (queued -> sending) in a committed transaction
// BEFORE its SMTP exchange, and settled (sent or failed) in the next transaction AFTER it. A node
// that dies in between leaves the row `sending`; the next run marks it failed, "interrupted", and
// never sends it again, because the SMTP server may well have accepted it and a person mailed twice
// by a marketing campaign is worse than one message lost (and the report shows the one). At most
// kInFlight recipients a running chain are in doubt. An SMTP refusal fails that recipient (its error kept); an
// SMTP server that cannot be reached or vetted retries the batch later, claiming no one. A
// transient refusal (4xx) puts the recipient back in the queue, due later (recipient_store::
// requeue_transient); a chain with only such retries left waits for the first to be due.
#pragma once
#include <string>

#include "modules/marketing/campaign_service.hpp"
#include "platform/jobs/job.hpp"

namespace rapport::marketing {

inline constexpr const char* kFreezeJob = "campaign.freeze";
inline constexpr const char* kSendJob = "campaign.send";
inline constexpr int kBatch = 100;  // recipients a campaign.send job sends at most
// Messages of a batch in flight at once (and so in doubt after a crash). With the job type's
// concurrency of 2, a node holds at most 16 SMTP connections for campaigns; a campaign's chain is
// one job, so its rate_per_minute still spaces its batches.
inline constexpr int kInFlight = 8;
// Attempts of a campaign.send job whose SMTP server cannot be reached or vetted; then the campaign
// pauses with the reason.
inline constexpr int kSendAttempts = 10;

// A recipient of a sent campaign was put back in the queue (a transient bounce): the campaign is
// sending again, its chain's next job due with the earliest retry (audited "retry"). A campaign
// still sending or paused is left alone (its chain, or resuming, sends the retry when due).
void wake_for_retry(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id);

// Enqueues a campaign.send job in `c` for run_at_ms and answers its id (the campaign's send_job_id).
std::string enqueue_send_batch(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id, int64_t run_at_ms);

struct CampaignJobDeps {
  db::Database& db;
  const records::Store& contacts;
  const records::ObjectSpec& companies;
  SmtpAccess smtp;
};

jobs::JobType freeze_job_type(const CampaignJobDeps& deps);
jobs::JobType send_job_type(const CampaignJobDeps& deps);

}  // namespace rapport::marketing
