// Unsubscribing through a campaign message (issue 16 §3): the token of the message's unsubscribe
// link (tracking_token.hpp, kind Unsubscribe) names the workspace, the campaign and the contact, so
// the person needs no sign-in. They see their consent per channel (email_marketing, phone, sms) and
// change it, or their mail client unsubscribes at once (RFC 8058 one-click: withdraws
// email_marketing, and records that even when no consent was recorded before). Each change is a consent row written through privacy's consent code
// (append_consent: the row, the audit entry, the event contact.consent_recorded) with source
// `unsubscribe_link`, note "campaign <id>" and actor "unsubscribe-link", committed before the answer.
// A channel whose state is already the one chosen gets no new row. A contact in the recycle bin
// still unsubscribes (an unsubscribe must never be lost); an erased or unknown one is 404.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/http/rate_limiter.hpp"
#include "platform/problem.hpp"
#include "platform/vault.hpp"

namespace rapport::marketing {

struct ChannelChoice {
  std::string channel;
  bool subscribed = false;  // its newest consent is granted
  bool recorded = false;    // it has a consent at all
};

struct Preferences {
  std::string workspace_name;
  std::vector<ChannelChoice> channels;  // each consent channel, in privacy's order
  int changed = 0;                      // consent rows the request wrote
};

class UnsubscribeService {
 public:
  UnsubscribeService(db::Database& db, const Vault& vault);

  Result<Preferences> show(std::string_view token);
  // RFC 8058: withdraws email_marketing.
  Result<Preferences> one_click(std::string_view token);
  // The preference page's form: `subscribed` lists the channels the person keeps (or takes up); every
  // other channel is withdrawn. 422 for a name that is not a channel. Rate-limited per contact (429).
  Result<Preferences> choose(std::string_view token, const std::vector<std::string>& subscribed);

 private:
  // Applies `wanted` (channel -> subscribed) for the token's contact in one transaction: a row for
  // each channel whose state differs; with `record_unset`, a withdrawal is also written for a
  // channel that has no consent yet (the one-click request is the person's explicit word).
  Result<Preferences> apply(std::string_view token, const std::vector<std::pair<std::string, bool>>& wanted, bool record_unset);

  db::Database& db_;
  const Vault& vault_;
  std::unique_ptr<http::RateLimiter> per_contact_;
};

}  // namespace rapport::marketing
