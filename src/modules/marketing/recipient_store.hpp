// The SQL of a campaign's recipients (table `campaign_recipients`, migration 0051). Every statement
// names the workspace and the campaign. State changes are guarded by the state they leave, so a
// row moves once (a claim is `queued` -> `sending`, which only one writer can make).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modules/marketing/campaign_recipient.hpp"
#include "modules/marketing/segment_filter.hpp"
#include "platform/db/connection.hpp"

namespace rapport::marketing::recipient_store {

// Freezes the audience: one row a live contact meeting `audience` (SQL over `contacts`: " AND ..."),
// queued, or skipped `no_email` without an address. A contact already there is left as it is (a
// second run adds nothing). Returns the rows added.
int64_t freeze(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id, const Sql& audience,
               const std::string& now);

struct Queued {
  std::string contact_id, email;
};
// The next `limit` queued recipients, in contact order; one waiting for a retry only once it is due.
std::vector<Queued> next_queued(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id, int limit);

// queued -> sending, the claim of `claimer` (a send job's id); false when the row was not queued.
bool claim(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id, const std::string& contact_id,
           const std::string& claimer, const std::string& message_id, const std::string& now);
// queued -> skipped with the reason; false when the row was not queued.
bool skip(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id, const std::string& contact_id,
          const std::string& reason, const std::string& now);
// sending -> sent (error empty) or failed (with the error), with the SMTP server's last reply code
// (0: none came); false when the row was not sending (an interrupted claim another run marked
// failed meanwhile).
bool settle(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id, const std::string& contact_id,
            const std::string& error, const std::string& now, int reply_code);
// A transient failure of the recipient's message (a 4.x.x bounce, a 4xx SMTP reply): back to
// queued, due after transient_retry_delay_ms, its sent_at cleared (the message did not arrive) and
// the reason in `error`; only from one of `from_states` and while fewer than kTransientRetries
// retries were made, else false (nothing changed: the caller fails it for good). reply_code: the SMTP
// server's reply that caused it (0: a bounce, which keeps the code of the exchange before).
bool requeue_transient(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id, const std::string& contact_id,
                       const std::vector<std::string>& from_states, const std::string& error, int64_t now_ms, int reply_code = 0);
// When the earliest retry of the campaign is due, if one waits.
std::optional<int64_t> next_retry_ms(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id);
// Rows left `sending` by `claimer` (an earlier attempt of the same job, which died) or claimed
// before `stale_before` by anyone: failed, reason "interrupted", never sent again. Returns how many.
int64_t fail_interrupted(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id,
                         const std::string& claimer, const std::string& stale_before, const std::string& now);

// Recipients in contact order after `after` (empty: from the first), of `state` when given, with
// their retry state (attempts, the next try's time while queued, the last SMTP reply code).
std::vector<Recipient> page(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id,
                            const std::optional<std::string>& state, const std::string& after, int limit);

// What came back, counted by the recipient_results.hpp columns (a recipient who opened and then
// unsubscribed counts in both). sent: the SMTP server took the message (sent_at set; a bounce came
// later for some); delivered: sent and no bounce came back; opened, clicked and unsubscribed: of
// the delivered (so none exceeds delivered); bounced: any row, a failed one included; attempted:
// handed to the SMTP server (sent, or failed: refused or interrupted); complained: of the delivered,
// a feedback-loop report came back.
struct Results {
  int64_t sent = 0, delivered = 0, opened = 0, clicked = 0, unsubscribed = 0, bounced = 0, attempted = 0, complained = 0;
};
// Counts by state, and the skipped by reason; and the results.
struct Counts {
  std::map<std::string, int64_t> by_state, skipped_by_reason;
  int64_t total = 0;
  Results results;
};
Counts counts(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id);
// Whether any row is queued or sending.
bool unfinished(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id);

}  // namespace rapport::marketing::recipient_store
