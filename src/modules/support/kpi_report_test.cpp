// The support KPIs on both engines, from tickets whose creation, first response, solving and ratings
// fall at known instants (rows written as the record engine writes them, timed by track_sla): the
// durations in calendar and business seconds (a Berlin 09:00-17:00 calendar, a policy in calendar
// time, and no policy; pending time left out), next responses, the same figures from tickets the
// background backfill has not reached, median and p90 by nearest rank, the SLA's attainment per
// target, policy and priority, volume per day, channel, agent and team, CSAT, the filters; and the
// two engines give the same report. The backlog's tests are in kpi_backlog_test.cpp.
#include "modules/support/kpi_report_test_seed.hpp"

namespace rapport::support {
namespace {
using namespace kpi_test;

class KpiReport : public KpiEngines {};


TEST_P(KpiReport, FirstResponseAndResolutionInCalendarAndBusinessSeconds) {
  const json::object r = engine_->report(december());
  const json::value& fr = r.at("first_response");
  // Calendar: 600 (t2), 1200 (t4), 3600 (t3), 234000 (t1); business: t1 is one Berlin business hour.
  EXPECT_EQ(fr.at("count"), 4);
  EXPECT_EQ(fr.at("median_seconds"), 1200) << "nearest rank: the 2nd of 4";
  EXPECT_EQ(fr.at("p90_seconds"), 234000) << "rank ceil(3.6) = 4";
  EXPECT_EQ(fr.at("business_median_seconds"), 1200);
  EXPECT_EQ(fr.at("business_p90_seconds"), 3600);
  EXPECT_EQ(rows(fr.at("by_priority"), "count"), "low=1 normal=1 high=1 urgent=1");
  EXPECT_EQ(rows(fr.at("by_priority"), "median_seconds"), "low=1200 normal=234000 high=600 urgent=3600");
  EXPECT_EQ(rows(fr.at("by_priority"), "business_median_seconds"), "low=1200 normal=3600 high=600 urgent=3600")
      << "urgent's policy is in calendar time, low has none";
  const json::value& res = r.at("resolution");
  // t2 (4 business hours on a Monday), t4 (a day, no policy), t7 (6 days, solved in the range, then closed).
  EXPECT_EQ(res.at("count"), 3);
  EXPECT_EQ(res.at("median_seconds"), 86400);
  EXPECT_EQ(res.at("p90_seconds"), 518400);
  EXPECT_EQ(res.at("business_median_seconds"), 86400);
  EXPECT_EQ(res.at("business_p90_seconds"), 518400);
  EXPECT_EQ(rows(res.at("by_priority"), "business_median_seconds"), "low=86400 normal=null high=14400 urgent=null");
}

// The durations track_sla stored on each ticket, and the background backfill giving the same numbers
// to tickets that have none (written before migration 0050): the report is the same before, while
// (timed on the fly) and after.
TEST_P(KpiReport, DurationsAreStoredOnTheTicketsAndFilledInTheBackground) {
  const std::string stored = engine_->stored_durations();
  // t1: 65 hours, one Berlin business hour (met at its due time); t2: 10 minutes, solved after 4
  // (business) hours (resolution late); t3: urgent, calendar time, answered late; t4 and t7: no
  // policy (calendar time, no outcome); t5, t6, t9, t10 unanswered; t8, deleted but timed (a
  // restore brings it back), was answered on a Saturday: no business time, in time.
  EXPECT_EQ(stored,
            "t1:234000,3600,-,-,1,- t10:-,-,-,-,-,- t2:600,600,14400,14400,1,0 t3:3600,3600,-,-,0,- t4:1200,1200,86400,86400,-,- "
            "t5:-,-,-,-,-,- t6:-,-,-,-,-,- t7:3600,3600,518400,518400,-,- t8:1800,0,-,-,1,- t9:-,-,-,-,-,- ");
  const std::string before = json::serialize(engine_->report(december()));
  EXPECT_FALSE(engine_->db().read([](db::Connection& c) { return has_untimed(c); }));
  EXPECT_EQ(engine_->backfill(), 0) << "nothing untimed";
  auto forget = [&](const char* which) {
    ASSERT_TRUE(engine_->db().write([&](db::Connection& c) -> Status {
      c.prepare(std::string("UPDATE tickets SET first_response_seconds = NULL, first_response_business_seconds = NULL, resolution_seconds = "
                            "NULL, resolution_business_seconds = NULL, sla_policy_id = NULL, first_response_sla_met = NULL, "
                            "resolution_sla_met = NULL WHERE ") +
                which)
          .run();
      return ok_status();
    }).ok());
  };
  forget("id IN ('t1', 't2', 't7')");  // half of them: the backfill has done the others
  EXPECT_TRUE(engine_->db().read([](db::Connection& c) { return has_untimed(c); }));
  EXPECT_EQ(json::serialize(engine_->report(december())), before) << "the untimed ones timed on the fly";
  forget("1 = 1");
  EXPECT_EQ(json::serialize(engine_->report(december())), before) << "all of them timed on the fly";
  EXPECT_EQ(engine_->backfill(), 6) << "t1, t2, t3, t4, t7, t8";
  EXPECT_EQ(engine_->stored_durations(), stored);
  EXPECT_FALSE(engine_->db().read([](db::Connection& c) { return has_untimed(c); }));
  EXPECT_EQ(json::serialize(engine_->report(december())), before);
}

// Next responses: each customer message after a reply to the agent's next reply, stored when the
// reply meets it (note_reply, timed by track_sla) in calendar and business seconds (without the time
// the ticket was pending), with its next_response target's outcome in the SLA section; the same
// figures timed on the fly before the backfill has reached them, and stored by it.
TEST_P(KpiReport, NextResponsesInCalendarAndBusinessSecondsWithoutPauses) {
  Seed(engine_->db()).next_responses();
  const json::object r = engine_->report(december());
  const json::value& nr = r.at("next_response");
  EXPECT_EQ(nr.at("count"), 3);
  EXPECT_EQ(nr.at("median_seconds"), 14400);
  EXPECT_EQ(nr.at("p90_seconds"), 61200);
  EXPECT_EQ(nr.at("business_median_seconds"), 5400) << "3600 (one business hour overnight), 5400, 7200 (4 hours less 2 pending)";
  EXPECT_EQ(nr.at("business_p90_seconds"), 7200);
  EXPECT_EQ(rows(nr.at("by_priority"), "count"), "low=0 normal=2 high=0 urgent=1");
  EXPECT_EQ(rows(nr.at("by_priority"), "business_median_seconds"), "low=null normal=3600 high=null urgent=7200");
  const json::value& s = r.at("sla");
  EXPECT_EQ(rows(s.at("by_target"), "met"), "first_response=2 next_response=1 resolution=0");
  EXPECT_EQ(rows(s.at("by_target"), "total"), "first_response=4 next_response=2 resolution=1") << "t1's first late, its second in time";
  const std::string stored = engine_->db().read([](db::Connection& c) {
    auto& st = c.prepare("SELECT ticket_id, seconds, business_seconds, sla_met FROM ticket_next_responses ORDER BY ticket_id, started_at");
    std::string out;
    while (st.step()) {
      out += st.text(0) + ':' + std::to_string(st.int64(1)) + ',' + std::to_string(st.int64(2)) + ',';
      out += st.is_null(3) ? std::string("-") : std::to_string(st.int64(3));
      out += ' ';
    }
    st.reset();
    return out;
  });
  EXPECT_EQ(stored, "t1:5400,5400,0 t1:61200,3600,1 t3:14400,7200,- ");
  // As migration 0057 leaves them: each ticket's latest (the one ticket_sla kept) untimed. The report
  // times them; the backfill stores the same.
  const std::string before = json::serialize(r);
  ASSERT_TRUE(engine_->db().write([](db::Connection& c) -> Status {
    c.prepare("UPDATE ticket_next_responses SET seconds = NULL, business_seconds = NULL, sla_policy_id = NULL, sla_met = NULL WHERE "
              "started_at IN (SELECT s.started_at FROM ticket_sla s WHERE s.ticket_id = ticket_next_responses.ticket_id AND s.target = "
              "'next_response')")
        .run();
    EXPECT_EQ(c.changes(), 2) << "t1's second and t3's";
    return ok_status();
  }).ok());
  EXPECT_TRUE(engine_->db().read([](db::Connection& c) { return has_untimed(c); }));
  EXPECT_EQ(json::serialize(engine_->report(december())), before);
  engine_->backfill();
  EXPECT_FALSE(engine_->db().read([](db::Connection& c) { return has_untimed(c); }));
  EXPECT_EQ(json::serialize(engine_->report(december())), before);
}


TEST_P(KpiReport, SlaAttainmentPerTargetPolicyAndPriority) {
  const json::value s = engine_->report(december()).at("sla");
  // Met: t1 (at its due time) and t2's first responses. Breached: t2's resolution, t3's first
  // response, and t5's, unmet past its due time. Paused targets (t6, t9) and no policy (t4, t7) count nothing.
  EXPECT_EQ(s.at("met"), 2);
  EXPECT_EQ(s.at("breached"), 3);
  EXPECT_EQ(s.at("total"), 5);
  EXPECT_EQ(s.at("ratio"), 0.4);
  EXPECT_EQ(rows(s.at("by_target"), "met"), "first_response=2 next_response=0 resolution=0");
  EXPECT_EQ(rows(s.at("by_target"), "total"), "first_response=4 next_response=0 resolution=1");
  EXPECT_EQ(rows(s.at("by_target"), "ratio"), "first_response=5E-1 next_response=null resolution=0E0");
  EXPECT_EQ(rows(s.at("by_policy"), "total"), std::string(kStandard) + "=4 " + kUrgent + "=1");
  EXPECT_EQ(s.at("by_policy").at(0).at("label"), "Standard");
  EXPECT_EQ(rows(s.at("by_priority"), "met"), "low=0 normal=1 high=1 urgent=0");
  EXPECT_EQ(rows(s.at("by_priority"), "total"), "low=0 normal=2 high=2 urgent=1");
  // Before t5 fell due, its target was not decided yet.
  const json::object earlier = engine_->db().read(
      [&](db::Connection& c) { return support_report(c, identity::server_context("w1"), december(), at("2026-12-09T08:30:00Z")); });
  EXPECT_EQ(earlier.at("sla").at("total"), 4);
}

// The SLA section reads the unmet targets without their tickets, by the copies of the ticket's fields
// each target carries (migration 0062, kept by triggers). Checked against an independent computation
// (the targets joined to their tickets, the outcomes stored on the tickets) after every kind of change
// of the ticket: priority, team, assignee, channel, owner, deletion, restore, purge; and a ticket whose
// targets are written before its row (as a new ticket's hook does).
class SlaCheck {
 public:
  explicit SlaCheck(Engine& e) : e_(e) {}

  // "priority:breached/total ..." (priorities with a total) of the report for `q`.
  std::string reported(const kpi::Query& q) {
    std::string out;
    const json::object report = e_.report(q);
    for (const auto& row : report.at("sla").at("by_priority").as_array()) {
      if (row.at("total").as_int64() == 0) continue;
      out += std::string(row.at("key").as_string()) + ':' + json::serialize(row.at("breached")) + '/' + json::serialize(row.at("total")) + ' ';
    }
    return out;
  }
  // The same from the tickets: outcomes stored on them and their next responses, and their targets
  // unmet past a due time in the range, joined to them; `filter` on the ticket `t`.
  std::string computed(const kpi::Query& q, const std::string& filter) {
    const std::string from = clock::format_ms(q.from), to = clock::format_ms(q.to), due_to = clock::format_ms(std::min(q.to, kNow));
    const std::string live = " AND t.workspace_id = 'w1' AND t.deleted_at IS NULL AND t.sla_policy_id IS NOT NULL" + filter;
    const std::string sql =
        "SELECT priority, CAST(SUM(b) AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM ("
        "SELECT t.priority, 1 - t.first_response_sla_met AS b FROM tickets t WHERE t.first_response_at >= ? AND t.first_response_at < ? "
        "AND t.first_response_sla_met IS NOT NULL" + live +
        " UNION ALL SELECT t.priority, 1 - t.resolution_sla_met FROM tickets t WHERE t.solved_at >= ? AND t.solved_at < ? AND "
        "t.resolution_sla_met IS NOT NULL" + live +
        " UNION ALL SELECT t.priority, 1 - n.sla_met FROM ticket_next_responses n JOIN tickets t ON t.id = n.ticket_id WHERE n.met_at >= ? "
        "AND n.met_at < ? AND n.sla_policy_id IS NOT NULL AND n.sla_met IS NOT NULL AND t.workspace_id = 'w1' AND t.deleted_at IS NULL" + filter +
        " UNION ALL SELECT t.priority, 1 FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id WHERE s.workspace_id = 'w1' AND "
        "s.minutes IS NOT NULL AND s.met_at IS NULL AND s.due_at >= ? AND s.due_at < ? AND t.workspace_id = 'w1' AND t.deleted_at IS NULL" +
        filter + ") x GROUP BY priority";
    std::map<std::string, std::string> by_priority;
    e_.db().read([&](db::Connection& c) {
      auto& st = c.prepare(sql);
      st.bind_all({from, to, from, to, from, to, from, due_to});
      while (st.step()) by_priority[st.text(0)] = std::to_string(st.int64(1)) + '/' + std::to_string(st.int64(2));
      st.reset();
      return 0;
    });
    std::string out;
    for (const char* p : {"low", "normal", "high", "urgent"})
      if (by_priority.count(p)) out += std::string(p) + ':' + by_priority[p] + ' ';
    return out;
  }
  // Targets whose copies differ from their ticket's fields (none, ever).
  int64_t stale() {
    return e_.db().read([](db::Connection& c) {
      return std::get<int64_t>(c.scalar(
          "SELECT CAST(COUNT(*) AS BIGINT) FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id WHERE "
          "COALESCE(s.ticket_priority, '-') <> t.priority OR COALESCE(s.ticket_team_id, '-') <> COALESCE(t.team_id, '-') OR "
          "COALESCE(s.ticket_assignee_id, '-') <> COALESCE(t.assignee_id, '-') OR COALESCE(s.ticket_channel, '-') <> t.channel OR "
          "COALESCE(s.ticket_owner_id, '-') <> COALESCE(t.owner_id, '-') OR COALESCE(s.ticket_deleted_at, '-') <> COALESCE(t.deleted_at, '-')"));
    });
  }
  // The report equals the computation, unfiltered and for each filter; returns the unfiltered figures.
  std::string check(const std::string& step) {
    EXPECT_EQ(stale(), 0) << step;
    kpi::Query all = december(), team = december(), agent = december(), urgent = december(), phone = december();
    team.team_id = kTeam;
    agent.assignee_id = kAgent;
    urgent.priority = "urgent";
    phone.channel = "phone";
    EXPECT_EQ(reported(team), computed(team, std::string(" AND t.team_id = '") + kTeam + "'")) << step;
    EXPECT_EQ(reported(agent), computed(agent, std::string(" AND t.assignee_id = '") + kAgent + "'")) << step;
    EXPECT_EQ(reported(urgent), computed(urgent, " AND t.priority = 'urgent'")) << step;
    EXPECT_EQ(reported(phone), computed(phone, " AND t.channel = 'phone'")) << step;
    const std::string figures = reported(all);
    EXPECT_EQ(figures, computed(all, "")) << step;
    return figures;
  }
  void sql(const std::string& text) { write_sql(e_, text); }

 private:
  Engine& e_;
};

TEST_P(KpiReport, UnmetTargetsAreReadWithoutTheirTicketsAsTheTicketsStand) {
  Seed(engine_->db()).next_responses();
  SlaCheck check(*engine_);
  EXPECT_EQ(check.check("seeded"), "normal:2/4 high:1/2 urgent:1/1 ") << "t5's first response unmet past due";
  check.sql("UPDATE tickets SET priority = 'urgent' WHERE id = 't5'");
  EXPECT_EQ(check.check("t5 urgent"), "normal:1/3 high:1/2 urgent:2/2 ");
  check.sql(std::string("UPDATE tickets SET team_id = '") + kTeam + "', assignee_id = '" + kAgent + "', channel = 'phone', owner_id = '" +
            kAgent + "' WHERE id = 't5'");
  check.check("t5 moved to the team, the agent and the phone");
  check.sql("UPDATE tickets SET updated_at = '2026-12-09T11:00:00.000Z', version = version + 1 WHERE id = 't5'");
  check.check("t5 written without a change of its fields");
  check.sql("UPDATE tickets SET deleted_at = '2026-12-09T11:00:00.000Z' WHERE id = 't5'");
  EXPECT_EQ(check.check("t5 deleted"), "normal:1/3 high:1/2 urgent:1/1 ");
  check.sql("UPDATE tickets SET deleted_at = NULL WHERE id = 't5'");
  EXPECT_EQ(check.check("t5 restored"), "normal:1/3 high:1/2 urgent:2/2 ");
  check.sql("UPDATE tickets SET deleted_at = NULL WHERE id = 't8'");
  check.check("t8 restored");
  // A new ticket's targets written before its row, in one transaction (the create hook's order).
  ASSERT_TRUE(engine_->db().write([&](db::Connection& c) -> Status {
    c.prepare("INSERT INTO ticket_sla (workspace_id, ticket_id, target, policy_id, minutes, started_at, due_at) VALUES "
              "('w1', 'n1', 'first_response', ?, 60, '2026-12-08T08:00:00.000Z', '2026-12-08T09:00:00.000Z')")
        .bind_all({kStandard})
        .run();
    c.prepare("INSERT INTO tickets (id, workspace_id, number, subject, status, priority, channel, team_id, created_at, updated_at) "
              "VALUES ('n1', 'w1', 50, 'New', 'new', 'high', 'phone', ?, '2026-12-08T08:00:00.000Z', '2026-12-08T08:00:00.000Z')")
        .bind_all({kTeam})
        .run();
    return ok_status();
  }).ok());
  EXPECT_EQ(check.check("n1 created"), "normal:1/4 high:2/3 urgent:2/2 ") << "t8's first response (met) back";
  // Purged (the recycle bin emptied, an erasure): its targets go with it.
  check.sql("DELETE FROM ticket_sla WHERE ticket_id = 't5'");
  check.sql("DELETE FROM ticket_status_intervals WHERE ticket_id = 't5'");
  check.sql("DELETE FROM tickets WHERE id = 't5'");
  EXPECT_EQ(check.check("t5 purged"), "normal:1/4 high:2/3 urgent:1/1 ");
}

TEST_P(KpiReport, VolumePerDayChannelAgentAndTeam) {
  const json::value v = engine_->report(december()).at("volume");
  EXPECT_EQ(v.at("created"), 6);
  EXPECT_EQ(v.at("solved"), 3);
  EXPECT_EQ(rows(v.at("by_day"), "created"),
            "2026-12-01=0 2026-12-02=1 2026-12-03=0 2026-12-04=2 2026-12-05=0 2026-12-06=0 2026-12-07=1 2026-12-08=1 2026-12-09=1")
      << "every day of the range, zeros included; t8 is deleted";
  EXPECT_EQ(rows(v.at("by_day"), "solved"),
            "2026-12-01=1 2026-12-02=0 2026-12-03=1 2026-12-04=0 2026-12-05=0 2026-12-06=0 2026-12-07=1 2026-12-08=0 2026-12-09=0");
  EXPECT_EQ(rows(v.at("by_channel"), "created"), "email=0 web=1 phone=0 api=5");
  EXPECT_EQ(rows(v.at("by_agent"), "created"), std::string(kAgent) + "=1 null=5");
  EXPECT_EQ(rows(v.at("by_agent"), "solved"), std::string(kAgent) + "=1 null=2");
  EXPECT_EQ(v.at("by_agent").at(0).at("label"), "Ana");
  EXPECT_EQ(v.at("by_agent").at(1).at("label"), "Unassigned");
  EXPECT_EQ(rows(v.at("by_team"), "created"), std::string(kTeam) + "=1 null=5");
  EXPECT_EQ(v.at("by_team").at(0).at("label"), "Tier 2");
}

// Days are the workspace's: in New York (UTC-5) t3, created at midnight UTC on the 8th, was created
// on the 7th, and the range's dates are New York's midnights.
TEST_P(KpiReport, DaysAreTheWorkspacesLocalDays) {
  auto q = kpi::read_query({{"from", "2026-12-01"}, {"to", "2026-12-10"}}, kNow, *jobs::time_zone("America/New_York"));
  ASSERT_TRUE(q);
  EXPECT_EQ(q->from, at("2026-12-01T05:00:00Z"));
  const json::object r = engine_->report(*q);
  EXPECT_EQ(r.at("time_zone"), "America/New_York");
  EXPECT_EQ(r.at("from"), "2026-12-01T05:00:00.000Z");
  const json::value& v = r.at("volume");
  EXPECT_EQ(rows(v.at("by_day"), "created"),
            "2026-12-01=0 2026-12-02=1 2026-12-03=0 2026-12-04=2 2026-12-05=0 2026-12-06=0 2026-12-07=2 2026-12-08=0 2026-12-09=1");
  EXPECT_EQ(rows(v.at("by_day"), "solved"),
            "2026-12-01=1 2026-12-02=0 2026-12-03=1 2026-12-04=0 2026-12-05=0 2026-12-06=0 2026-12-07=1 2026-12-08=0 2026-12-09=0");
  // A ticket created one second before midnight in New York counts on the day before; at midnight, on its day.
  ASSERT_TRUE(engine_->db().write([&](db::Connection& c) -> Status {
    for (const auto& [id, number, created] : {std::tuple{"e1", 101, "2026-12-06T04:59:59.999Z"}, std::tuple{"e2", 102, "2026-12-06T05:00:00.000Z"}})
      c.prepare("INSERT INTO tickets (id, workspace_id, number, subject, status, priority, channel, created_at, updated_at) "
                "VALUES (?, 'w1', ?, 'Edge', 'new', 'low', 'phone', ?, ?)")
          .bind_all({std::string(id), int64_t{number}, std::string(created), std::string(created)})
          .run();
    return ok_status();
  }).ok());
  const json::value edge = engine_->report(*q).at("volume");
  EXPECT_EQ(edge.at("by_day").at(4).at("created"), 1) << "2026-12-05: e1";
  EXPECT_EQ(edge.at("by_day").at(5).at("created"), 1) << "2026-12-06: e2";
  EXPECT_EQ(rows(edge.at("by_channel"), "created"), "email=0 web=1 phone=2 api=5");
}

TEST_P(KpiReport, SatisfactionOfTheRatingsGivenInTheRange) {
  const json::value s = engine_->report(december()).at("satisfaction");
  EXPECT_EQ(s.at("responses"), 3);
  EXPECT_EQ(s.at("good"), 2);
  EXPECT_EQ(s.at("bad"), 1);
  EXPECT_EQ(s.at("csat_percent"), 66.7);
  kpi::Query early = december();
  early.to = at("2026-12-04T00:00:00Z");
  const json::value e = engine_->report(early).at("satisfaction");
  EXPECT_EQ(e.at("responses"), 1);
  EXPECT_EQ(e.at("csat_percent"), 100.0);
}

TEST_P(KpiReport, FiltersNarrowEverySection) {
  kpi::Query high = december();
  high.priority = "high";
  const json::object r = engine_->report(high);
  EXPECT_EQ(r.at("first_response").at("count"), 1);
  EXPECT_EQ(r.at("resolution").at("count"), 1);
  EXPECT_EQ(r.at("backlog").at("total"), 1) << "t9";
  EXPECT_EQ(r.at("sla").at("total"), 2);
  EXPECT_EQ(r.at("volume").at("created"), 2);
  EXPECT_EQ(r.at("filters").at("priority"), "high");
  kpi::Query team = december();
  team.team_id = kTeam;
  EXPECT_EQ(engine_->report(team).at("volume").at("created"), 1);
  kpi::Query web = december();
  web.channel = "web";
  EXPECT_EQ(engine_->report(web).at("satisfaction").at("responses"), 1);
  kpi::Query agent = december();
  agent.assignee_id = kAgent;
  EXPECT_EQ(engine_->report(agent).at("resolution").at("count"), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, KpiReport, ::testing::Values("sqlite", "postgres"));

// The same tickets on both engines: the same report, to the byte.
TEST(KpiReportEngines, BothEnginesGiveTheSameReport) {
  RAPPORT_REQUIRE_PG();
  Engine sqlite("sqlite"), pg("postgres");
  Seed(sqlite.db()).run();
  Seed(pg.db()).run();
  for (const char* to : {"2026-12-10T00:00:00Z", "2026-12-05T06:30:00Z"}) {
    kpi::Query q = december();
    q.to = at(to);
    EXPECT_EQ(json::serialize(sqlite.report(q)), json::serialize(pg.report(q))) << to;
  }
}

}  // namespace
}  // namespace rapport::support

