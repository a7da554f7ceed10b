#include "modules/marketing/recipient_results.hpp"

#include <map>
#include <tuple>

#include "modules/email/delivery_status.hpp"
#include "modules/marketing/campaign_jobs.hpp"
#include "modules/marketing/recipient_store.hpp"
#include "modules/privacy/consents.hpp"
#include "platform/clock.hpp"
#include "platform/db/multi_row.hpp"

namespace rapport::marketing {

void note_tracking_results(db::Connection& c, std::span<const TrackingEvent> events) {
  // One row a recipient and kind, at its earliest event of the batch; then one UPDATE ... FROM a
  // VALUES list per kind and chunk of 512 (multi_row.hpp) instead of one statement a recipient: a
  // batch of thousands of events reaches thousands of recipients, and a round trip each was most of
  // the PostgreSQL writer's time (docs/benchmarks.md, "Tracking (session 24)").
  std::map<std::tuple<std::string, std::string, std::string, bool>, int64_t> first;
  for (const auto& e : events) {
    if (e.bot || e.prefetch) continue;
    auto [it, added] = first.try_emplace({e.workspace_id, e.campaign_id, e.contact_id, e.click}, e.at_ms);
    if (!added && e.at_ms < it->second) it->second = e.at_ms;
  }
  std::vector<db::Value> opens, clicks;
  for (const auto& [key, at_ms] : first) {
    const auto& [workspace_id, campaign_id, contact_id, click] = key;
    auto& rows = click ? clicks : opens;
    rows.emplace_back(workspace_id);
    rows.emplace_back(campaign_id);
    rows.emplace_back(contact_id);
    rows.emplace_back(clock::format_ms(at_ms));
  }
  static const std::vector<std::string> types = {"TEXT", "TEXT", "TEXT", "TEXT"};
  const std::string now = clock::now_text();
  // The guard skips a row with nothing to change, so a second open rewrites nothing.
  const auto update = [&](const std::vector<db::Value>& rows, const char* sets, const char* guard) {
    if (rows.empty()) return;
    db::run_rows(c, types, rows, [&](std::string_view values) {
      std::string sql = "WITH v(workspace_id, campaign_id, contact_id, first_at) AS (VALUES ";
      sql += values;
      sql += ") UPDATE campaign_recipients SET ";
      sql += sets;
      sql += ", updated_at = ? FROM v WHERE campaign_recipients.workspace_id = v.workspace_id "
             "AND campaign_recipients.campaign_id = v.campaign_id AND campaign_recipients.contact_id = v.contact_id "
             "AND sent_at IS NOT NULL AND email IS NOT NULL AND ";
      sql += guard;
      return sql;
    }, {now});
  };
  // Opens first: a recipient's open earlier in the batch than its click stays its opened_at.
  update(opens, "opened_at = COALESCE(opened_at, v.first_at), state = CASE WHEN state = 'sent' THEN 'opened' ELSE state END",
         "(opened_at IS NULL OR state = 'sent')");
  update(clicks,
         "clicked_at = COALESCE(clicked_at, v.first_at), opened_at = COALESCE(opened_at, v.first_at), "
         "state = CASE WHEN state IN ('sent', 'opened') THEN 'clicked' ELSE state END",
         "(clicked_at IS NULL OR opened_at IS NULL OR state IN ('sent', 'opened'))");
}

void note_unsubscribed(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id,
                       const std::string& contact_id, const std::string& now) {
  c.prepare("UPDATE campaign_recipients SET unsubscribed_at = COALESCE(unsubscribed_at, ?), "
            "state = CASE WHEN state IN ('sent', 'opened', 'clicked') THEN 'unsubscribed' ELSE state END, updated_at = ? "
            "WHERE workspace_id = ? AND campaign_id = ? AND contact_id = ? AND sent_at IS NOT NULL AND unsubscribed_at IS NULL")
      .bind_all({now, now, workspace_id, campaign_id, contact_id})
      .run();
}

std::optional<std::string> note_campaign_bounce(db::Connection& c, const std::string& workspace_id, const email::InboundMessage& m,
                                                const std::string& now) {
  if (!m.report || m.report->original_message_id.empty()) return std::nullopt;
  auto reason = email::bounce_reason(*m.report);
  if (!reason) return std::nullopt;  // a delay or a delivery notice is no bounce
  auto& find = c.prepare(
      "SELECT campaign_id, contact_id, email FROM campaign_recipients WHERE workspace_id = ? AND message_id = ? "
      "AND state IN ('sent', 'opened', 'clicked', 'unsubscribed', 'bounced', 'failed')");
  find.bind_all({workspace_id, m.report->original_message_id});
  if (!find.step()) return std::nullopt;
  const std::string campaign_id = find.text(0), contact_id = find.text(1);
  const std::optional<std::string> address = find.is_null(2) ? std::nullopt : std::optional<std::string>(find.text(2));
  find.reset();
  bool permanent = false, transient = false;
  for (const auto& r : m.report->recipients) {
    if (r.action != "failed") continue;
    if (r.status.starts_with("5.")) permanent = true;
    else if (r.status.starts_with("4.")) transient = true;
  }
  // A transient failure: sent again later, a bounded number of times; then it bounces for good.
  bool exhausted = false;
  if (transient && !permanent) {
    if (recipient_store::requeue_transient(c, workspace_id, campaign_id, contact_id, {"sent", "failed"}, *reason, clock::now_ms())) {
      wake_for_retry(c, workspace_id, campaign_id);
      return campaign_id;
    }
    exhausted = true;
  }
  c.prepare("UPDATE campaign_recipients SET bounced_at = COALESCE(bounced_at, ?), error = ?, "
            "state = CASE WHEN state IN ('sent', 'opened', 'clicked', 'failed') THEN 'bounced' ELSE state END, updated_at = ? "
            "WHERE workspace_id = ? AND campaign_id = ? AND contact_id = ?")
      .bind_all({now, *reason, now, workspace_id, campaign_id, contact_id})
      .run();
  if ((permanent || exhausted) && address) privacy::suppress(c, workspace_id, *address, "bounce");
  return campaign_id;
}

std::optional<std::string> note_campaign_complaint(db::Connection& c, const std::string& workspace_id, const email::InboundMessage& m,
                                                   const std::string& now) {
  if (!m.feedback || !email::is_complaint(*m.feedback) || m.feedback->original_message_id.empty()) return std::nullopt;
  auto& find = c.prepare(
      "SELECT campaign_id, contact_id, email FROM campaign_recipients WHERE workspace_id = ? AND message_id = ? AND sent_at IS NOT NULL");
  find.bind_all({workspace_id, m.feedback->original_message_id});
  if (!find.step()) return std::nullopt;
  const std::string campaign_id = find.text(0), contact_id = find.text(1);
  const std::optional<std::string> address = find.is_null(2) ? std::nullopt : std::optional<std::string>(find.text(2));
  find.reset();
  c.prepare("UPDATE campaign_recipients SET complained_at = COALESCE(complained_at, ?), "
            "state = CASE WHEN state IN ('sent', 'opened', 'clicked', 'unsubscribed') THEN 'complained' ELSE state END, updated_at = ? "
            "WHERE workspace_id = ? AND campaign_id = ? AND contact_id = ?")
      .bind_all({now, now, workspace_id, campaign_id, contact_id})
      .run();
  if (address) privacy::suppress(c, workspace_id, *address, "complaint");
  return campaign_id;
}

}  // namespace rapport::marketing
