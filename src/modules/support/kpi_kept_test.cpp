// The support report's kept counts (migration 0082, kpi_kept.hpp) on both engines: the counts
// against the tickets and targets after every kind of write (a new ticket, a change of each counted
// field, solving and reopening, a soft delete and its undo, a purge; a target met, re-timed, paused,
// moved with its ticket's priority or deletion, written before its ticket, purged), and the report
// read through them equal, to the byte, to the one read from the tickets alone, for ranges whose
// edges fall inside quarter-hours and days, in zones an hour, half an hour and 45 minutes off UTC.
#include "modules/support/kpi_kept.hpp"

#include "modules/support/kpi_report_test_seed.hpp"

namespace rapport::support {
namespace {
using namespace kpi_test;

TEST(KpiKeptCut, WholeBucketsInsideTheRangeAndItsEdges) {
  const int64_t day = kpi::kDayMs, q = kpi::kQuarterMs;
  auto c = kpi::cut(at("2026-12-01T10:07:00Z"), at("2026-12-03T00:20:00Z"), day);
  EXPECT_EQ(c.whole_from, at("2026-12-02T00:00:00Z"));
  EXPECT_EQ(c.whole_to, at("2026-12-03T00:00:00Z"));
  ASSERT_EQ(c.edges.size(), 2u);
  EXPECT_EQ(c.edges[0], std::make_pair(at("2026-12-01T10:07:00Z"), at("2026-12-02T00:00:00Z")));
  EXPECT_EQ(c.edges[1], std::make_pair(at("2026-12-03T00:00:00Z"), at("2026-12-03T00:20:00Z")));
  c = kpi::cut(at("2026-12-01T00:00:00Z"), at("2026-12-01T01:00:00Z"), q);
  EXPECT_EQ(c.whole_from, at("2026-12-01T00:00:00Z"));
  EXPECT_EQ(c.whole_to, at("2026-12-01T01:00:00Z"));
  EXPECT_TRUE(c.edges.empty()) << "aligned on both ends";
  c = kpi::cut(at("2026-12-01T00:01:00Z"), at("2026-12-01T00:14:00Z"), q);
  EXPECT_EQ(c.whole_from, c.whole_to) << "no whole quarter";
  ASSERT_EQ(c.edges.size(), 1u);
  EXPECT_EQ(c.edges[0], std::make_pair(at("2026-12-01T00:01:00Z"), at("2026-12-01T00:14:00Z")));
  c = kpi::cut(at("2026-12-01T00:01:00Z"), at("2026-12-01T00:29:00Z"), q);
  EXPECT_EQ(c.whole_from, c.whole_to) << "two parts of quarters, none whole";
  ASSERT_EQ(c.edges.size(), 1u);
  c = kpi::cut(-q - 1, q + 1, q);
  EXPECT_EQ(c.whole_from, -q) << "before 1970 too";
  EXPECT_EQ(c.whole_to, q);
  EXPECT_TRUE(kpi::cut(5, 5, q).edges.empty());
}

TEST(KpiKeptCut, KeysAsTheTriggersWriteThem) {
  EXPECT_EQ(kpi::quarter_key(at("2026-12-01T10:00:00Z")), "2026-12-01T10:0");
  EXPECT_EQ(kpi::quarter_key(at("2026-12-01T10:14:59.999Z")), "2026-12-01T10:0");
  EXPECT_EQ(kpi::quarter_key(at("2026-12-01T10:15:00Z")), "2026-12-01T10:1");
  EXPECT_EQ(kpi::quarter_key(at("2026-12-01T23:59:00Z")), "2026-12-01T23:3");
  EXPECT_EQ(kpi::day_key(at("2026-12-01T23:59:00Z")), "2026-12-01");
  EXPECT_EQ(kpi::quarter_start("2026-12-01T23:3"), at("2026-12-01T23:45:00Z"));
  EXPECT_FALSE(kpi::quarter_start("2026-12-01T23:4"));
  EXPECT_FALSE(kpi::quarter_start("2026-12-01"));
}

TEST(KpiKeptCut, OnlyForCallersAndFiltersTheKeysHold) {
  const auto admin = identity::server_context("w1");
  kpi::Query q = december();
  EXPECT_TRUE(kpi::may_use_kept(admin, q, false));
  q.priority = "high";
  EXPECT_FALSE(kpi::may_use_kept(admin, q, false)) << "the volume is not kept by priority";
  EXPECT_TRUE(kpi::may_use_kept(admin, q, true)) << "the SLA's counts are";
  for (auto narrow : {&kpi::Query::team_id, &kpi::Query::assignee_id, &kpi::Query::channel}) {
    kpi::Query f = december();
    f.*narrow = "x";
    EXPECT_FALSE(kpi::may_use_kept(admin, f, true));
  }
}

class KpiKept : public KpiEngines {
 protected:
  std::string groups(const std::string& sql) {
    return engine_->db().read([&](db::Connection& c) {
      auto& st = c.prepare(sql);
      std::string out;
      while (st.step()) {
        for (int i = 0; i < st.column_count(); ++i) out += (st.is_null(i) ? std::string("-") : st.text(i)) + (i + 1 < st.column_count() ? "/" : " ");
      }
      st.reset();
      return out;
    });
  }
  // The kept groups (those with tickets: PostgreSQL may keep a group brought to zero) and the same
  // computed from the tickets and targets.
  void expect_counts_equal(const std::string& step) {
    const std::string live = "FROM tickets WHERE deleted_at IS NULL";
    const std::string rows =
        "(SELECT workspace_id, 'created' AS kind, created_at AS at, channel, COALESCE(assignee_id, '') AS assignee, COALESCE(team_id, '') "
        "AS team " + live + " UNION ALL SELECT workspace_id, 'solved', solved_at, channel, COALESCE(assignee_id, ''), COALESCE(team_id, '') " +
        live + " AND solved_at IS NOT NULL) r";
    EXPECT_EQ(groups("SELECT workspace_id, quarter, kind, CAST(tickets AS BIGINT) FROM ticket_volume_quarters WHERE tickets <> 0 ORDER BY 1, 2, 3"),
              groups("SELECT workspace_id, q, kind, CAST(COUNT(*) AS BIGINT) FROM (SELECT workspace_id, kind, substr(at, 1, 14) || "
                     "CAST(CAST(substr(at, 15, 2) AS INTEGER) / 15 AS TEXT) AS q FROM " + rows + ") x GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"))
        << step;
    for (const char* dimension : {"channel", "assignee", "team"})
      EXPECT_EQ(groups(std::string("SELECT workspace_id, day, value, kind, CAST(tickets AS BIGINT) FROM ticket_volume_days WHERE tickets <> 0 "
                                   "AND dimension = '") + dimension + "' ORDER BY 1, 2, 3, 4"),
                groups(std::string("SELECT workspace_id, substr(at, 1, 10), ") + dimension + ", kind, CAST(COUNT(*) AS BIGINT) FROM " + rows +
                       " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"))
          << step << ' ' << dimension;
    EXPECT_EQ(groups("SELECT workspace_id, quarter, target, policy_id, priority, CAST(targets AS BIGINT) FROM ticket_sla_unmet_quarters WHERE "
                     "targets <> 0 ORDER BY 1, 2, 3, 4, 5"),
              groups("SELECT s.workspace_id, substr(s.due_at, 1, 14) || CAST(CAST(substr(s.due_at, 15, 2) AS INTEGER) / 15 AS TEXT), "
                     "s.target, s.policy_id, t.priority, CAST(COUNT(*) AS BIGINT) FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id "
                     "WHERE s.met_at IS NULL AND s.due_at IS NOT NULL AND s.minutes IS NOT NULL AND t.deleted_at IS NULL "
                     "GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"))
        << step << " (the unmet targets)";
  }
  // The report through the kept counts and from the tickets alone, for ranges whose edges fall
  // inside days and quarter-hours, in several zones, unfiltered and by priority.
  void expect_reports_equal(const std::string& step) {
    std::vector<kpi::Query> queries;
    for (const char* zone : {"UTC", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu"}) {
      auto q = kpi::read_query({{"from", "2026-11-20"}, {"to", "2026-12-10"}}, kNow, *jobs::time_zone(zone));
      ASSERT_TRUE(q) << zone;
      queries.push_back(*q);
    }
    for (const auto& [from, to] : {std::pair{"2026-12-01T10:07:00Z", "2026-12-09T11:52:30Z"}, std::pair{"2026-12-07T08:01:00Z", "2026-12-07T08:14:00Z"},
                                   std::pair{"2026-12-02T09:59:00Z", "2026-12-03T10:16:00Z"}, std::pair{"2026-12-08T00:00:00Z", "2026-12-09T12:30:00Z"}}) {
      kpi::Query q;
      q.from = at(from);
      q.to = at(to);
      queries.push_back(q);
    }
    kpi::Query high = december();
    high.priority = "high";
    queries.push_back(high);
    for (const auto& q : queries) {
      const auto [kept, tickets] = engine_->db().read([&](db::Connection& c) {
        const auto ctx = identity::server_context("w1");
        return std::make_pair(json::serialize(support_report(c, ctx, q, kNow)), json::serialize(support_report(c, ctx, q, kNow, {false})));
      });
      EXPECT_EQ(kept, tickets) << step << ' ' << clock::format_ms(q.from) << ' ' << clock::format_ms(q.to);
    }
  }
  void check(const std::string& step) {
    expect_counts_equal(step);
    expect_reports_equal(step);
  }
  void sql(const std::string& text) { write_sql(*engine_, text); }
};

TEST_P(KpiKept, KeptCountsEqualTheTicketsAfterEveryWrite) {
  Seed(engine_->db()).next_responses();
  check("seeded");
  EXPECT_NE(groups("SELECT * FROM ticket_volume_quarters"), "");
  EXPECT_NE(groups("SELECT * FROM ticket_sla_unmet_quarters WHERE targets <> 0"), "") << "t5's first response, unmet";
  sql("UPDATE tickets SET status = 'solved', solved_at = '2026-12-09T10:44:59.999Z' WHERE id = 't5'");
  check("t5 solved");
  sql("UPDATE tickets SET status = 'open', solved_at = NULL WHERE id = 't2'");
  check("t2 reopened");
  sql("UPDATE tickets SET created_at = '2026-12-03T23:59:59.000Z' WHERE id = 't5'");
  check("t5 created earlier");
  sql(std::string("UPDATE tickets SET channel = 'phone', assignee_id = '") + kAgent + "', team_id = '" + kTeam + "' WHERE id = 't1'");
  check("t1 moved to the phone, the agent and the team");
  sql("UPDATE tickets SET assignee_id = NULL, team_id = NULL WHERE id = 't1'");
  check("t1 unassigned");
  sql("UPDATE tickets SET updated_at = '2026-12-09T11:00:00.000Z', version = version + 1, sla_due_at = NULL WHERE id = 't9'");
  check("t9 written without a change of its counted fields");
  sql("UPDATE tickets SET priority = 'urgent' WHERE id = 't10'");
  check("t10 urgent (its targets' copies follow)");
  sql("UPDATE tickets SET deleted_at = '2026-12-09T11:00:00.000Z' WHERE id = 't4'");
  check("t4 deleted");
  sql("UPDATE tickets SET channel = 'web' WHERE id = 't4'");
  check("t4 changed in the recycle bin");
  sql("UPDATE tickets SET deleted_at = NULL WHERE id = 't4'");
  check("t4 restored");
  sql("UPDATE tickets SET deleted_at = NULL WHERE id = 't8'");
  check("t8 restored");
  sql("UPDATE ticket_sla SET met_at = '2026-12-09T11:00:00.000Z' WHERE ticket_id = 't10' AND target = 'first_response'");
  check("t10's first response met");
  sql("UPDATE ticket_sla SET due_at = '2026-12-08T23:59:00.000Z' WHERE met_at IS NULL AND due_at IS NOT NULL");
  check("unmet targets re-timed, in one statement");
  sql("UPDATE ticket_sla SET due_at = NULL WHERE ticket_id = 't5'");
  check("t5's targets paused");
  sql("UPDATE ticket_sla SET minutes = NULL WHERE ticket_id = 't10'");
  check("t10's targets left without a policy's minutes");
  // A new ticket's targets written before its row, in one transaction (the create hook's order).
  ASSERT_TRUE(engine_->db().write([&](db::Connection& c) -> Status {
    c.prepare("INSERT INTO ticket_sla (workspace_id, ticket_id, target, policy_id, minutes, started_at, due_at) VALUES "
              "('w1', 'n1', 'first_response', ?, 60, '2026-12-08T08:00:00.000Z', '2026-12-08T09:00:00.000Z')")
        .bind_all({kStandard})
        .run();
    c.prepare("INSERT INTO tickets (id, workspace_id, number, subject, status, priority, channel, team_id, created_at, updated_at, solved_at) "
              "VALUES ('n1', 'w1', 50, 'New', 'solved', 'high', 'phone', ?, '2026-12-08T08:00:00.000Z', '2026-12-08T08:00:00.000Z', "
              "'2026-12-09T11:30:00.000Z')")
        .bind_all({kTeam})
        .run();
    return ok_status();
  }).ok());
  check("n1 created solved, its target first");
  sql("INSERT INTO tickets (id, workspace_id, number, subject, status, priority, channel, created_at, updated_at, deleted_at) VALUES "
      "('n2', 'w1', 51, 'Gone', 'new', 'low', 'email', '2026-12-05T10:00:00.000Z', '2026-12-05T10:00:00.000Z', '2026-12-05T11:00:00.000Z')");
  check("n2 created deleted");
  sql("DELETE FROM ticket_sla WHERE ticket_id = 't5'");
  sql("DELETE FROM ticket_status_intervals WHERE ticket_id = 't5'");
  sql("DELETE FROM ticket_next_responses WHERE ticket_id = 't5'");
  sql("DELETE FROM tickets WHERE id = 't5'");
  check("t5 purged");
  sql("DELETE FROM ticket_sla WHERE ticket_id = 'n2'");
  sql("DELETE FROM tickets WHERE id = 'n2'");
  check("n2 purged from the recycle bin");
  sql("UPDATE tickets SET deleted_at = '2026-12-09T11:30:00.000Z'");
  check("every ticket deleted");
  EXPECT_EQ(groups("SELECT * FROM ticket_volume_quarters WHERE tickets <> 0"), "");
  EXPECT_EQ(groups("SELECT * FROM ticket_sla_unmet_quarters WHERE targets <> 0"), "");
}

INSTANTIATE_TEST_SUITE_P(Engines, KpiKept, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace rapport::support
