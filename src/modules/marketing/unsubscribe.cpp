#include "modules/marketing/unsubscribe.hpp"

#include <algorithm>

#include "modules/marketing/recipient_results.hpp"
#include "modules/marketing/tracking_token.hpp"
#include "modules/privacy/consents.hpp"
#include "platform/clock.hpp"
#include "platform/identity/server_context.hpp"

namespace rapport::marketing {

namespace {

// A person may change their choices a few times in a row, not without end.
constexpr double kChangesBurst = 10, kChangesPerSecond = 1.0 / 6;

Problem gone() { return Problem::not_found("This link is not valid or its contact is gone"); }

// The state of every channel for the contact: subscribed when its newest consent is granted.
Preferences read_preferences(db::Connection& c, const std::string& workspace_id, const std::string& contact_id) {
  Preferences p;
  auto name = c.scalar("SELECT name FROM workspaces WHERE id = ?", {workspace_id});
  if (auto* n = std::get_if<std::string>(&name)) p.workspace_name = *n;
  const auto state = privacy::consent_state(c, workspace_id, contact_id);
  const auto& current = state.at("current").as_object();
  for (const auto& channel : privacy::consent_channels()) {
    const auto* now = current.if_contains(channel);
    const bool recorded = now && now->is_object();
    p.channels.push_back({channel, recorded && now->as_object().at("status") == "granted", recorded});
  }
  return p;
}

}  // namespace

UnsubscribeService::UnsubscribeService(db::Database& db, const Vault& vault)
    : db_(db), vault_(vault), per_contact_(std::make_unique<http::RateLimiter>(kChangesPerSecond, kChangesBurst)) {}

Result<Preferences> UnsubscribeService::show(std::string_view token) {
  auto t = read_token(vault_, token, TokenKind::Unsubscribe);
  if (!t) return gone();
  return db_.read([&](db::Connection& c) -> Result<Preferences> {
    if (!privacy::contact_held(c, t->workspace_id, t->contact_id)) return gone();
    return read_preferences(c, t->workspace_id, t->contact_id);
  });
}

Result<Preferences> UnsubscribeService::one_click(std::string_view token) { return apply(token, {{"email_marketing", false}}, true); }

Result<Preferences> UnsubscribeService::choose(std::string_view token, const std::vector<std::string>& subscribed) {
  const auto& channels = privacy::consent_channels();
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < subscribed.size(); ++i)
    if (std::find(channels.begin(), channels.end(), subscribed[i]) == channels.end())
      errors.push_back({"channel", "enum", "is not a channel one may subscribe to"});
  if (!errors.empty()) {
    if (!read_token(vault_, token, TokenKind::Unsubscribe)) return gone();
    return Problem::invalid(std::move(errors));
  }
  std::vector<std::pair<std::string, bool>> wanted;
  for (const auto& ch : channels)
    wanted.emplace_back(ch, std::find(subscribed.begin(), subscribed.end(), ch) != subscribed.end());
  return apply(token, wanted, false);
}

Result<Preferences> UnsubscribeService::apply(std::string_view token, const std::vector<std::pair<std::string, bool>>& wanted,
                                              bool record_unset) {
  auto t = read_token(vault_, token, TokenKind::Unsubscribe);
  if (!t) return gone();
  if (int wait = per_contact_->take(t->workspace_id + t->contact_id, clock::now_ms()); wait > 0)
    return Problem{429, "Too Many Requests", "These choices changed several times just now; retry after " + std::to_string(wait) + " s",
                   {}, "rate-limited"};
  Preferences out;
  Status st = db_.write([&](db::Connection& c) -> Status {
    if (!privacy::contact_held(c, t->workspace_id, t->contact_id)) return gone();
    identity::Context ctx = identity::server_context(t->workspace_id);
    ctx.automation_actor = "unsubscribe-link";
    const Preferences before = read_preferences(c, t->workspace_id, t->contact_id);
    int changed = 0;
    // The campaign's recipient unsubscribed through its message: a one-click request (even when the
    // channel was withdrawn before), or the page's form withdrawing email_marketing.
    bool unsubscribed = record_unset;
    for (const auto& [channel, subscribed] : wanted) {
      auto it = std::find_if(before.channels.begin(), before.channels.end(), [&](const auto& p) { return p.channel == channel; });
      if (it == before.channels.end()) continue;
      if (it->subscribed == subscribed && (subscribed || it->recorded || !record_unset)) continue;
      std::string note = "campaign ";
      note += t->campaign_id;
      privacy::append_consent(c, ctx, t->contact_id, {channel, subscribed ? "granted" : "withdrawn", "unsubscribe_link", note});
      ++changed;
      if (channel == "email_marketing" && !subscribed) unsubscribed = true;
    }
    if (unsubscribed) note_unsubscribed(c, t->workspace_id, t->campaign_id, t->contact_id, clock::now_text());
    out = read_preferences(c, t->workspace_id, t->contact_id);
    out.changed = changed;
    return ok_status();
  });
  if (!st) return st.take_problem();
  return out;
}

}  // namespace rapport::marketing
