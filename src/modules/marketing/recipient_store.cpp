#include "modules/marketing/recipient_store.hpp"

#include <algorithm>

#include "platform/clock.hpp"
#include "platform/db/planner_statistics.hpp"

namespace rapport::marketing::recipient_store {

namespace {

std::optional<std::string> optional_text(const db::Statement& st, int col) {
  if (st.is_null(col)) return std::nullopt;
  return st.text(col);
}

// An SMTP reply code as stored: 0 (no reply came, or none to record) is null.
db::Value reply_value(int code) { return code > 0 ? db::Value(int64_t{code}) : db::Value(nullptr); }

}  // namespace

int64_t freeze(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id, const Sql& audience,
               const std::string& now) {
  // One statement, however many contacts: INSERT ... SELECT over the contacts' indexes.
  const std::string sql =
      "INSERT INTO campaign_recipients(workspace_id, campaign_id, contact_id, email, state, skip_reason, updated_at) "
      "SELECT ?, ?, id, email, CASE WHEN email IS NULL OR email = '' THEN 'skipped' ELSE 'queued' END, "
      "CASE WHEN email IS NULL OR email = '' THEN 'no_email' END, ? FROM contacts "
      "WHERE workspace_id = ? AND deleted_at IS NULL AND erased_at IS NULL" + audience.text +
      " ON CONFLICT DO NOTHING";
  std::vector<db::Value> params{workspace_id, campaign_id, now, workspace_id};
  params.insert(params.end(), audience.params.begin(), audience.params.end());
  c.prepare(sql).bind_all(params).run();
  const int64_t frozen = c.changes();
  // The sending reads these rows next: PostgreSQL plans with their count, not an empty table's.
  if (frozen >= db::kAnalyzeAfterRows) db::refresh_planner_statistics(c, {"campaign_recipients"});
  return frozen;
}

std::vector<Queued> next_queued(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id, int limit) {
  auto& st = c.prepare(
      "SELECT contact_id, email FROM campaign_recipients WHERE workspace_id = ? AND campaign_id = ? AND state = 'queued' "
      "AND (retry_at IS NULL OR retry_at <= ?) ORDER BY contact_id LIMIT ?");
  st.bind_all({workspace_id, campaign_id, clock::now_text(), int64_t{limit}});
  std::vector<Queued> out;
  while (st.step()) out.push_back({st.text(0), st.is_null(1) ? "" : st.text(1)});
  return out;
}

bool claim(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id, const std::string& contact_id,
           const std::string& claimer, const std::string& message_id, const std::string& now) {
  c.prepare("UPDATE campaign_recipients SET state = 'sending', claimed_by = ?, message_id = ?, claimed_at = ?, updated_at = ? "
            "WHERE workspace_id = ? AND campaign_id = ? AND contact_id = ? AND state = 'queued'")
      .bind_all({claimer, message_id, now, now, workspace_id, campaign_id, contact_id})
      .run();
  return c.changes() == 1;
}

bool skip(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id, const std::string& contact_id,
          const std::string& reason, const std::string& now) {
  c.prepare("UPDATE campaign_recipients SET state = 'skipped', skip_reason = ?, updated_at = ? "
            "WHERE workspace_id = ? AND campaign_id = ? AND contact_id = ? AND state = 'queued'")
      .bind_all({reason, now, workspace_id, campaign_id, contact_id})
      .run();
  return c.changes() == 1;
}

bool settle(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id, const std::string& contact_id,
            const std::string& error, const std::string& now, int reply_code) {
  c.prepare("UPDATE campaign_recipients SET state = ?, error = ?, sent_at = ?, smtp_reply_code = ?, updated_at = ? "
            "WHERE workspace_id = ? AND campaign_id = ? AND contact_id = ? AND state = 'sending'")
      .bind_all({error.empty() ? "sent" : "failed", error.empty() ? db::Value(nullptr) : db::Value(error),
                 error.empty() ? db::Value(now) : db::Value(nullptr), reply_value(reply_code), now, workspace_id, campaign_id,
                 contact_id})
      .run();
  return c.changes() == 1;
}

bool requeue_transient(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id, const std::string& contact_id,
                       const std::vector<std::string>& from_states, const std::string& error, int64_t now_ms, int reply_code) {
  auto& find = c.prepare("SELECT transient_retries, state FROM campaign_recipients WHERE workspace_id = ? AND campaign_id = ? AND contact_id = ?");
  find.bind_all({workspace_id, campaign_id, contact_id});
  if (!find.step()) return false;
  const int64_t retries = find.int64(0);
  const std::string state = find.text(1);
  find.reset();
  if (retries >= kTransientRetries || std::find(from_states.begin(), from_states.end(), state) == from_states.end()) return false;
  const std::string now = clock::format_ms(now_ms), due = clock::format_ms(now_ms + transient_retry_delay_ms(retries));
  std::string why = "transient failure, try ";
  why += std::to_string(retries + 2);
  why += " due " + due + ": " + error;
  c.prepare("UPDATE campaign_recipients SET state = 'queued', transient_retries = transient_retries + 1, retry_at = ?, error = ?, "
            "smtp_reply_code = COALESCE(?, smtp_reply_code), sent_at = NULL, claimed_by = NULL, updated_at = ? "
            "WHERE workspace_id = ? AND campaign_id = ? AND contact_id = ? AND state = ?")
      .bind_all({due, why, reply_value(reply_code), now, workspace_id, campaign_id, contact_id, state})
      .run();
  return c.changes() == 1;
}

std::optional<int64_t> next_retry_ms(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id) {
  auto v = c.scalar("SELECT min(retry_at) FROM campaign_recipients WHERE workspace_id = ? AND campaign_id = ? AND state = 'queued' "
                    "AND retry_at IS NOT NULL",
                    {workspace_id, campaign_id});
  if (!std::holds_alternative<std::string>(v)) return std::nullopt;
  return clock::parse_datetime(std::get<std::string>(v));
}

int64_t fail_interrupted(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id,
                         const std::string& claimer, const std::string& stale_before, const std::string& now) {
  c.prepare("UPDATE campaign_recipients SET state = 'failed', error = ?, updated_at = ? "
            "WHERE workspace_id = ? AND campaign_id = ? AND state = 'sending' AND (claimed_by = ? OR claimed_at < ?)")
      .bind_all({"interrupted: the sending node stopped during this message's SMTP exchange; it may have been delivered, "
                 "and is not sent again so that no one gets it twice",
                 now, workspace_id, campaign_id, claimer, stale_before})
      .run();
  return c.changes();
}

std::vector<Recipient> page(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id,
                            const std::optional<std::string>& state, const std::string& after, int limit) {
  std::string sql =
      "SELECT contact_id, email, state, skip_reason, error, sent_at, updated_at, opened_at, clicked_at, unsubscribed_at, "
      "bounced_at, complained_at, "
      // attempts: each retry counts the exchange before it; a row past the queue made one more.
      "transient_retries + CASE WHEN state IN ('queued', 'skipped') THEN 0 ELSE 1 END, "
      "CASE WHEN state = 'queued' THEN retry_at END, smtp_reply_code FROM campaign_recipients "
      "WHERE workspace_id = ? AND campaign_id = ? AND contact_id > ?";
  std::vector<db::Value> params{workspace_id, campaign_id, after};
  if (state) {
    sql += " AND state = ?";
    params.emplace_back(*state);
  }
  sql += " ORDER BY contact_id LIMIT ?";
  params.emplace_back(int64_t{limit});
  auto& st = c.prepare(sql);
  st.bind_all(params);
  std::vector<Recipient> out;
  while (st.step()) {
    Recipient r{.contact_id = st.text(0), .email = optional_text(st, 1), .state = st.text(2),
                .skip_reason = optional_text(st, 3), .error = optional_text(st, 4), .sent_at = optional_text(st, 5),
                .opened_at = optional_text(st, 7), .clicked_at = optional_text(st, 8),
                .unsubscribed_at = optional_text(st, 9), .bounced_at = optional_text(st, 10), .complained_at = optional_text(st, 11),
                .updated_at = st.text(6), .attempts = st.int64(12), .retry_at = optional_text(st, 13)};
    if (!st.is_null(14)) r.smtp_reply_code = st.int64(14);
    out.push_back(std::move(r));
  }
  return out;
}

Counts counts(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id) {
  Counts out;
  {
    auto& st = c.prepare(
        "SELECT count(sent_at), count(CASE WHEN bounced_at IS NULL THEN opened_at END), "
        "count(CASE WHEN bounced_at IS NULL THEN clicked_at END), count(CASE WHEN bounced_at IS NULL THEN unsubscribed_at END), "
        "count(bounced_at), count(CASE WHEN sent_at IS NOT NULL AND bounced_at IS NULL THEN 1 END), "
        "count(CASE WHEN sent_at IS NOT NULL OR state IN ('failed', 'bounced') THEN 1 END), "
        "count(CASE WHEN bounced_at IS NULL THEN complained_at END) "
        "FROM campaign_recipients WHERE workspace_id = ? AND campaign_id = ?");
    st.bind_all({workspace_id, campaign_id});
    if (st.step())
      out.results = {.sent = st.int64(0), .delivered = st.int64(5), .opened = st.int64(1), .clicked = st.int64(2), .unsubscribed = st.int64(3),
                     .bounced = st.int64(4), .attempted = st.int64(6), .complained = st.int64(7)};
    st.reset();
  }
  auto& st = c.prepare(
      "SELECT state, skip_reason, count(*) FROM campaign_recipients WHERE workspace_id = ? AND campaign_id = ? "
      "GROUP BY state, skip_reason");
  st.bind_all({workspace_id, campaign_id});
  while (st.step()) {
    const int64_t n = st.int64(2);
    out.by_state[st.text(0)] += n;
    if (st.text(0) == "skipped") out.skipped_by_reason[st.is_null(1) ? "unknown" : st.text(1)] += n;
    out.total += n;
  }
  return out;
}

bool unfinished(db::Connection& c, const std::string& workspace_id, const std::string& campaign_id) {
  return !std::holds_alternative<std::nullptr_t>(
      c.scalar("SELECT 1 FROM campaign_recipients WHERE workspace_id = ? AND campaign_id = ? AND state IN ('queued', 'sending') "
               "LIMIT 1",
               {workspace_id, campaign_id}));
}

}  // namespace rapport::marketing::recipient_store
