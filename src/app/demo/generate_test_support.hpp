// For the generator's tests on both engines (generate_test.cpp, generate_pg_test.cpp): reading values
// back, and every check the API would make of generated rows and of the bookkeeping around them.
#pragma once
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/db/connection.hpp"
#include "platform/ids.hpp"

namespace rapport::app::testing {

inline int64_t int_of(db::Connection& c, const std::string& sql, const std::vector<db::Value>& params = {}) {
  db::Value v = c.scalar(sql, params);
  return std::holds_alternative<int64_t>(v) ? std::get<int64_t>(v) : -1;
}

inline std::string text_of(db::Connection& c, const std::string& sql, const std::vector<db::Value>& params = {}) {
  db::Value v = c.scalar(sql, params);
  return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : std::string();
}

inline std::vector<std::string> column(db::Connection& c, const std::string& sql,
                                       const std::vector<db::Value>& params = {}) {
  std::vector<std::string> out;
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) out.push_back(st.is_null(0) ? std::string("<null>") : st.text(0));
  st.reset();
  return out;
}

// The content of generated rows that a seed determines (not ids or timestamps), in a stable order.
inline const std::string kContactContent =
    "SELECT first_name || '|' || last_name || '|' || email || '|' || coalesce(phone, '') || '|' || "
    "coalesce(job_title, '') || '|' || lifecycle_stage || '|' || city FROM contacts ORDER BY email";
inline const std::string kCompanyContent =
    "SELECT name || '|' || domain || '|' || size || '|' || city FROM companies ORDER BY name";
// Ids are UUIDv7 made in generation order, so they order activities as they were generated.
inline const std::string kActivityContent =
    "SELECT type || '|' || subject || '|' || coalesce(body, '') || '|' || attendees || '|' || email_to "
    "FROM activities ORDER BY id";

inline void expect_consistent(db::Connection& conn, const std::string& ws_, const std::string& owner_) {
  const bool pg = conn.dialect() == db::Dialect::Postgres;
  const std::vector<db::Value> ws{ws_};
  // record_counts matches the live rows.
  for (const char* table : {"companies", "contacts", "activities"}) {
    EXPECT_EQ(int_of(conn,
                     "SELECT coalesce((SELECT live FROM record_counts WHERE workspace_id = ? AND object_type = ?), 0)",
                     {ws_, std::string(table)}),
              int_of(conn, std::string("SELECT count(*) FROM ") + table + " WHERE workspace_id = ? AND deleted_at IS NULL",
                     ws))
        << table;
  }
  // Unique emails (case-insensitively) and domains; every contact has one.
  EXPECT_EQ(int_of(conn, "SELECT count(*) - count(DISTINCT email_key) FROM contacts WHERE workspace_id = ?", ws), 0);
  // Every case-insensitive name and address has its folded key (generated addresses are their own).
  EXPECT_EQ(int_of(conn, "SELECT count(*) FROM contacts WHERE workspace_id = ? AND (coalesce(email_key, '') <> coalesce(lower(email), '') OR "
                         "(first_name IS NULL) <> (first_name_key IS NULL) OR (last_name IS NULL) <> (last_name_key IS NULL))", ws), 0);
  EXPECT_EQ(int_of(conn, "SELECT count(*) FROM companies WHERE workspace_id = ? AND name_key IS NULL", ws), 0);
  EXPECT_EQ(int_of(conn, "SELECT count(*) FROM activities WHERE workspace_id = ? AND ((email_from IS NULL) <> "
                         "(email_from_key IS NULL) OR attendees_key IS NULL OR email_to_key IS NULL)", ws), 0);
  EXPECT_EQ(int_of(conn, "SELECT count(*) FROM contacts WHERE workspace_id = ? AND email IS NULL", ws), 0);
  EXPECT_EQ(int_of(conn, "SELECT count(*) - count(DISTINCT domain) FROM companies WHERE workspace_id = ?", ws), 0);
  // Every activity has its contact link (and company link when the contact has a company), with
  // occurred_at copied.
  EXPECT_EQ(int_of(conn,
                   "SELECT count(*) FROM activities a WHERE a.workspace_id = ? AND NOT EXISTS "
                   "(SELECT 1 FROM activity_links l WHERE l.activity_id = a.id AND l.target_type = 'contacts')",
                   ws),
            0);
  EXPECT_EQ(int_of(conn,
                   "SELECT count(*) FROM activity_links l JOIN activities a ON a.id = l.activity_id "
                   "WHERE l.workspace_id = ? AND l.occurred_at <> a.occurred_at",
                   ws),
            0);
  EXPECT_EQ(int_of(conn,
                   std::string("SELECT count(*) FROM activity_links lc JOIN contacts ct ON ct.id = lc.target_id "
                               "WHERE lc.workspace_id = ? AND lc.target_type = 'contacts' AND ct.company_id ") +
                       (pg ? "IS DISTINCT FROM" : "IS NOT") +
                       " (SELECT target_id FROM activity_links lo "
                       "WHERE lo.activity_id = lc.activity_id AND lo.target_type = 'companies')",
                   ws),
            0);
  // Per-type fields.
  EXPECT_EQ(int_of(conn,
                   "SELECT count(*) FROM activities WHERE workspace_id = ? AND type = 'meeting' AND "
                   "NOT (starts_at < ends_at)",
                   ws),
            0);
  EXPECT_EQ(int_of(conn,
                   "SELECT count(*) FROM activities WHERE workspace_id = ? AND type = 'task' AND "
                   "(due_at IS NULL OR done NOT IN (0, 1) OR (done = 1) <> (completed_at IS NOT NULL))",
                   ws),
            0);
  EXPECT_EQ(int_of(conn,
                   "SELECT count(*) FROM activities WHERE workspace_id = ? AND type = 'call' AND "
                   "(direction NOT IN ('inbound', 'outbound') OR duration_seconds < 0 OR outcome NOT IN "
                   "('connected', 'no_answer', 'left_voicemail', 'busy', 'wrong_number'))",
                   ws),
            0);
  EXPECT_EQ(int_of(conn,
                   std::string("SELECT count(*) FROM activities WHERE workspace_id = ? AND type = 'email' AND "
                               "(direction NOT IN ('inbound', 'outbound') OR email_from IS NULL OR ") +
                       (pg ? "json_array_length(email_to::json)" : "json_array_length(email_to)") + " < 1)",
                   ws),
            0);
  EXPECT_EQ(int_of(conn,
                   "SELECT count(*) FROM activities WHERE workspace_id = ? AND type NOT IN "
                   "('note', 'task', 'call', 'meeting', 'email')",
                   ws),
            0);
  EXPECT_EQ(int_of(conn,
                   "SELECT count(*) FROM contacts WHERE workspace_id = ? AND lifecycle_stage NOT IN ('subscriber', "
                   "'lead', 'marketing_qualified', 'sales_qualified', 'opportunity', 'customer', 'evangelist', 'other')",
                   ws),
            0);
  EXPECT_EQ(int_of(conn,
                   "SELECT count(*) FROM companies WHERE workspace_id = ? AND size NOT IN "
                   "('1-10', '11-50', '51-200', '201-1000', '1001-5000', '5000+')",
                   ws),
            0);
  // Common columns; no audit or outbox rows for an import.
  for (const char* table : {"companies", "contacts", "activities"}) {
    EXPECT_EQ(int_of(conn,
                     std::string("SELECT count(*) FROM ") + table +
                         " WHERE workspace_id = ? AND (version <> 1 OR owner_id <> ? OR created_by <> ? OR "
                         "custom <> '{}' OR updated_at < created_at)",
                     {ws_, owner_, owner_}),
              0)
        << table;
  }
  EXPECT_EQ(int_of(conn, "SELECT count(*) FROM audit_log"), 0);
  EXPECT_EQ(int_of(conn, "SELECT count(*) FROM outbox"), 0);
  if (!pg) {  // PostgreSQL checks foreign keys on every insert
    EXPECT_EQ(int_of(conn, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
  }
  // Text formats the API validates.
  const std::regex host("([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]+");
  for (const auto& d : column(conn, "SELECT domain FROM companies WHERE workspace_id = ?", ws))
    EXPECT_TRUE(std::regex_match(d, host)) << d;
  const std::regex email("[a-z0-9.-]+@([a-z0-9-]+\\.)+[a-z]+");
  for (const auto& e : column(conn, "SELECT email FROM contacts WHERE workspace_id = ? AND owner_id = ?", {ws_, owner_}))
    EXPECT_TRUE(std::regex_match(e, email)) << e;
  const std::regex e164("\\+[1-9][0-9]{7,14}");
  for (const auto& p : column(conn,
                              "SELECT phone FROM contacts WHERE workspace_id = ? AND phone IS NOT NULL UNION ALL "
                              "SELECT phone FROM companies WHERE workspace_id = ? AND phone IS NOT NULL",
                              {ws_, ws_}))
    EXPECT_TRUE(std::regex_match(p, e164)) << p;
  const std::set<std::string> countries = {"US", "DE", "FR", "GB", "NL", "ES", "IT", "SE", "CA", "AU"};
  for (const auto& cc : column(conn,
                               "SELECT DISTINCT country FROM contacts WHERE workspace_id = ? AND owner_id = ? UNION "
                               "SELECT DISTINCT country FROM companies WHERE workspace_id = ? AND owner_id = ?",
                               {ws_, owner_, ws_, owner_}))
    EXPECT_TRUE(countries.count(cc)) << cc;
  for (const auto& t : column(conn,
                              "SELECT created_at FROM contacts WHERE workspace_id = ? UNION ALL "
                              "SELECT occurred_at FROM activities WHERE workspace_id = ? UNION ALL "
                              "SELECT due_at FROM activities WHERE workspace_id = ? AND due_at IS NOT NULL",
                              {ws_, ws_, ws_})) {
    EXPECT_TRUE(clock::parse_datetime(t).has_value()) << t;
    EXPECT_EQ(t.size(), 24u) << t;  // 2026-01-02T03:04:05.678Z
  }
  for (const auto& ids : column(conn, "SELECT id FROM contacts WHERE workspace_id = ? LIMIT 50", ws))
    EXPECT_TRUE(ids::is_uuid(ids)) << ids;
}

// Generated pipelines and deals (--deals) follow the API's rules: each deal in a stage of its own
// pipeline, closed ones closed (lost ones with a reason), open ones expected within a year, amounts in
// EUR or USD, one stage-history entry for its stage, board ranks 0, 1024, 2048, ... per column, and
// record_counts and the report totals (deal_totals, deal_created_totals) in step with the rows.
inline void expect_deals_consistent(db::Connection& conn, const std::string& ws, int64_t deals, int64_t pipelines) {
  EXPECT_EQ(int_of(conn, "SELECT count(*) FROM deals WHERE workspace_id = ?", {ws}), deals);
  EXPECT_EQ(int_of(conn, "SELECT count(*) FROM pipelines WHERE workspace_id = ?", {ws}), pipelines);
  EXPECT_EQ(column(conn, "SELECT CAST(count(*) AS TEXT) FROM pipeline_stages WHERE workspace_id = ? GROUP BY pipeline_id "
                         "ORDER BY count(*) DESC, 1 LIMIT 3", {ws}),
            (std::vector<std::string>{"6", "5", "5"}));
  EXPECT_EQ(int_of(conn, "SELECT count(*) FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.workspace_id = ? "
                         "AND s.pipeline_id = d.pipeline_id", {ws}), deals);
  EXPECT_EQ(int_of(conn, "SELECT count(*) FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.workspace_id = ? AND "
                         "((s.type = 'open' AND d.closed_at IS NULL AND d.expected_close_date >= substr(d.created_at, 1, 10)) OR "
                         "(s.type = 'won' AND d.closed_at IS NOT NULL AND d.expected_close_date = substr(d.closed_at, 1, 10)) OR "
                         "(s.type = 'lost' AND d.closed_at IS NOT NULL AND d.lost_reason IS NOT NULL))", {ws}), deals);
  EXPECT_EQ(int_of(conn, "SELECT count(*) FROM deals WHERE workspace_id = ? AND currency IN ('EUR', 'USD') AND amount >= 50000 "
                         "AND amount <= 25000000 AND owner_id IS NOT NULL", {ws}), deals);
  EXPECT_EQ(int_of(conn, "SELECT count(*) FROM deals d JOIN deal_stage_history h ON h.deal_id = d.id AND h.to_stage_id = d.stage_id "
                         "AND h.changed_at = d.stage_entered_at WHERE d.workspace_id = ?", {ws}), deals);
  EXPECT_EQ(int_of(conn, "SELECT count(*) FROM deal_stage_history WHERE workspace_id = ?", {ws}), deals);
  // Ranks: per column, distinct multiples of 1024 from 0 up.
  EXPECT_EQ(int_of(conn, "SELECT count(*) FROM (SELECT stage_id FROM deals WHERE workspace_id = ? GROUP BY stage_id HAVING "
                         "min(board_rank) <> 0 OR max(board_rank) <> (count(*) - 1) * 1024 OR count(DISTINCT board_rank) <> count(*)) x", {ws}), 0);
  EXPECT_EQ(int_of(conn, "SELECT live FROM record_counts WHERE workspace_id = ? AND object_type = 'deals'", {ws}), deals);
  EXPECT_EQ(int_of(conn, "SELECT CAST(coalesce(sum(deals), 0) AS BIGINT) FROM deal_totals WHERE workspace_id = ?", {ws}), deals);
  // deal_totals keeps an amount sum in two parts (migration 0009): high · 10^9 + low.
  EXPECT_EQ(int_of(conn, "SELECT CAST(coalesce(sum(amount_high), 0) AS BIGINT) * 1000000000 + CAST(coalesce(sum(amount_low), 0) AS BIGINT) "
                         "FROM deal_totals WHERE workspace_id = ?", {ws}),
            int_of(conn, "SELECT CAST(coalesce(sum(amount), 0) AS BIGINT) FROM deals WHERE workspace_id = ?", {ws}));
  // And by creation month (deal_created_totals, migration 0077).
  EXPECT_EQ(int_of(conn, "SELECT CAST(coalesce(sum(deals), 0) AS BIGINT) FROM deal_created_totals WHERE workspace_id = ?", {ws}), deals);
  EXPECT_EQ(int_of(conn, "SELECT CAST(coalesce(sum(amount_high), 0) AS BIGINT) * 1000000000 + CAST(coalesce(sum(amount_low), 0) AS BIGINT) "
                         "FROM deal_created_totals WHERE workspace_id = ?", {ws}),
            int_of(conn, "SELECT CAST(coalesce(sum(amount), 0) AS BIGINT) FROM deals WHERE workspace_id = ?", {ws}));
}

}  // namespace rapport::app::testing
