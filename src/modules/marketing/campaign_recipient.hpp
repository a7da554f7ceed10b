// A recipient of a campaign: one contact of its frozen audience and where its message stands.
//   queued   -> sending (claimed: committed before the SMTP send) -> sent | failed
//   queued   -> skipped (skip_reason: no_email, no_consent, suppressed, contact_deleted, erased)
//   sent     -> opened -> clicked; sent | opened | clicked -> unsubscribed | bounced;
//   sent | opened | clicked | unsubscribed -> complained (what came back: recipient_results.hpp)
// A row left `sending` by a node that died is never sent again: it becomes failed, reason
// "interrupted" (campaign_jobs.hpp says why at-most-once).
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::marketing {

inline constexpr const char* kRecipientStates[] = {"queued",       "sending",    "sent",   "failed", "bounced",
                                                   "unsubscribed", "complained", "opened", "clicked", "skipped"};
inline constexpr const char* kSkipReasons[] = {"no_email", "no_consent", "suppressed", "contact_deleted", "erased"};

// A transient failure (a 4.x.x bounce, a 4xx SMTP reply) puts the recipient back in the queue, due
// after transient_retry_delay_ms (10 min, 30 min, 90 min), at most kTransientRetries times; the next
// one fails it for good (a bounce then suppresses the address, as a hard bounce does).
inline constexpr int kTransientRetries = 3;
inline int64_t transient_retry_delay_ms(int64_t retries_before) {
  int64_t ms = 10 * 60 * 1000;
  for (int64_t i = 0; i < retries_before && i < kTransientRetries; ++i) ms *= 3;
  return ms;
}
bool is_recipient_state(std::string_view s);

struct Recipient {
  std::string contact_id;
  std::optional<std::string> email;  // null once the contact is erased
  std::string state;
  std::optional<std::string> skip_reason, error, sent_at;
  // What came back, each the first time (recipient_results.hpp): the state shows the furthest.
  std::optional<std::string> opened_at, clicked_at, unsubscribed_at, bounced_at, complained_at;
  std::string updated_at;
  // Retry state: the SMTP exchanges its message had (each transient retry counts the one before),
  // when the next is due while it waits in the queue, and the server's last reply code.
  int64_t attempts = 0;
  std::optional<std::string> retry_at;
  std::optional<int64_t> smtp_reply_code;

  boost::json::object to_json() const;
};

}  // namespace rapport::marketing
