// What came back from a campaign's recipients (issue 16 §7): a human open or click, an unsubscribe
// through the message's link, a bounce. Each is kept the first time it happens in its own column of
// `campaign_recipients` (opened_at, clicked_at, unsubscribed_at, bounced_at, migration 0058), and
// the row's state moves to the furthest:
//   sent -> opened -> clicked           (a click implies an open: opened_at is set with it)
//   sent | opened | clicked -> unsubscribed
//   sent | opened | clicked | failed -> bounced   (a bounce proves the SMTP server took it)
//   sent | opened | clicked | unsubscribed -> complained   (the recipient marked it as spam)
// A state that came back already is never taken back (an open after an unsubscribe leaves the row
// unsubscribed, its opened_at set). Only a row that was sent (or, for a bounce, failed) moves: a
// test send or a token of another campaign changes nothing.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "modules/email/mime_parser.hpp"
#include "modules/marketing/tracking_recorder.hpp"
#include "platform/db/connection.hpp"

namespace rapport::marketing {

// The opens and clicks of `events` that were not flagged bot or prefetch, on their recipients; in
// the caller's transaction (the recorder's batch).
void note_tracking_results(db::Connection& c, std::span<const TrackingEvent> events);

// The recipient of that campaign unsubscribed at `now` (the unsubscribe link's transaction).
void note_unsubscribed(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id,
                       const std::string& contact_id, const std::string& now);

// A delivery status notification (RFC 3464) naming a campaign message's Message-ID: its recipient
// becomes bounced with the failed recipients' reason in `error`; a permanent failure (status 5.x.x)
// puts the recipient's address on the suppression list (reason "bounce"), so no campaign mails it
// again (privacy::may_contact). A transient one (only 4.x.x reported as failed) of a sent (or failed)
// recipient puts it back in the queue, due later (recipient_store::requeue_transient; a sent campaign
// sends again: wake_for_retry), at most kTransientRetries times: the next is a bounce that
// suppresses, as a permanent one does. Another failure (no status) is kept as a bounce without
// suppressing. Returns the campaign's id when a recipient was found; nullopt for a report
// on anything else (a user's email, support's replies: their own hooks handle those).
std::optional<std::string> note_campaign_bounce(db::Connection& c, const std::string& workspace_id, const email::InboundMessage& m,
                                                const std::string& now);

// A feedback-loop report (RFC 5965, a complaint: every Feedback-Type but not-spam) naming a campaign
// message's Message-ID: its recipient becomes complained (complained_at, the first time), and the
// address goes on the suppression list (reason "complaint") as an unsubscribe takes it out: no
// campaign mails it again (privacy::may_contact) unless the person grants consent anew. The
// recipient is found by the Message-ID alone (providers redact the address). Returns the campaign's
// id when a recipient was found; nullopt for anything else.
std::optional<std::string> note_campaign_complaint(db::Connection& c, const std::string& workspace_id, const email::InboundMessage& m,
                                                   const std::string& now);

}  // namespace rapport::marketing
