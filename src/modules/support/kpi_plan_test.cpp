// The plans SQLite chooses for the support report's passes (kpi_report.cpp): every statement it
// steps that reads the tickets or their SLA targets by a range reads a covering index, never the
// rows; and a report of one team reads the indexes keyed by team first (migration 0076), not the
// workspace's whole range of every team's tickets. The statements are the ones support_report
// really prepares (db::traced_statements), so a change to a pass's SQL that loses its index fails here.
// On PostgreSQL, the duration passes' statements (duration_pass_sql) are index-only scans.
#include "modules/support/kpi_report_test_seed.hpp"
#include "platform/db/postgres.hpp"
#include "platform/db/statement_trace.hpp"

namespace rapport::support {
namespace {
using namespace kpi_test;

// Each statement of the report over `q` that reads `tickets t` or `ticket_sla s` in a range, with its plan.
std::vector<std::pair<std::string, std::string>> plans_of(Engine& e, const kpi::Query& q) {
  return e.db().read([&](db::Connection& conn) {
    auto& c = dynamic_cast<db::SqliteConnection&>(conn);
    const auto statements = db::traced_statements(c, [&] { support_report(c, identity::server_context("w1"), q, kNow); });
    std::vector<std::pair<std::string, std::string>> plans;
    for (const auto& sql : statements) {
      // The passes; the next responses' join looks each ticket up by its key.
      if ((sql.find(" FROM tickets t ") == std::string::npos && sql.find(" FROM ticket_sla s ") == std::string::npos) ||
          sql.find("ticket_next_responses") != std::string::npos)
        continue;
      plans.emplace_back(sql, db::query_plan(c, sql));
    }
    return plans;
  });
}

class KpiPlan : public KpiEngines {};

TEST_P(KpiPlan, EveryPassReadsACoveringIndexAndATeamsReportItsTeamsEntriesOnly) {
  kpi::Query all = december(), team = december();
  team.team_id = kTeam;
  const auto unfiltered = plans_of(*engine_, all), by_team = plans_of(*engine_, team);
  ASSERT_FALSE(unfiltered.empty());
  ASSERT_FALSE(by_team.empty());
  std::string team_plans;
  for (const auto& [sql, plan] : by_team) team_plans += plan;
  for (const char* index : {"tickets_kpi_team_first_response", "tickets_kpi_team_resolution", "tickets_kpi_team_created",
                            "tickets_team_status"})
    EXPECT_NE(team_plans.find(std::string("COVERING INDEX ") + index + " "), std::string::npos) << index << '\n' << team_plans;
  for (const auto& [sql, plan] : unfiltered) {
    EXPECT_NE(plan.find("USING COVERING INDEX"), std::string::npos) << sql << '\n' << plan;
    EXPECT_EQ(plan.find("team"), std::string::npos) << sql << '\n' << plan;
  }
  for (const auto& [sql, plan] : by_team) {
    EXPECT_NE(plan.find("USING COVERING INDEX"), std::string::npos) << sql << '\n' << plan;
    // The ratings (few) and the unmet SLA targets (tens of thousands in any range) by their own indexes.
    if (sql.find("satisfaction_at") != std::string::npos || sql.find("ticket_sla") != std::string::npos) continue;
    EXPECT_NE(plan.find("team_id=?"), std::string::npos) << "a team's pass reads its team's entries only\n" << sql << '\n' << plan;
  }
}

// Through the kept counts (migration 0082) with edges inside days and quarter-hours: the kept tables
// are read by a range of their keys, and the edges' passes over the tickets and targets by covering indexes.
TEST_P(KpiPlan, KeptCountsAreReadByTheirKeysAndTheEdgesByCoveringIndexes) {
  kpi::Query q;
  q.from = at("2026-12-01T10:07:00Z");
  q.to = at("2026-12-09T11:52:30Z");
  const auto edges = plans_of(*engine_, q);
  std::size_t created = 0, solved = 0, targets = 0;
  for (const auto& [sql, plan] : edges) {
    EXPECT_NE(plan.find("USING COVERING INDEX"), std::string::npos) << sql << '\n' << plan;
    created += sql.find("t.created_at >= ?") != std::string::npos;
    solved += sql.find("t.solved_at >= ?") != std::string::npos;
    targets += sql.find("FROM ticket_sla s") != std::string::npos;
  }
  EXPECT_EQ(created, 2u) << "the created tickets of the two partial days, no pass over the range";
  EXPECT_EQ(solved, 3u) << "the resolution pass, and the solved tickets of the two partial days";
  EXPECT_EQ(targets, 2u) << "the unmet targets of the two partial quarter-hours";
  engine_->db().read([&](db::Connection& conn) {
    auto& c = dynamic_cast<db::SqliteConnection&>(conn);
    for (const char* sql : {"SELECT quarter, kind, tickets FROM ticket_volume_quarters WHERE workspace_id = ? AND quarter >= ? AND quarter < ? "
                            "AND tickets <> 0",
                            "SELECT dimension, value, kind, tickets FROM ticket_volume_days WHERE workspace_id = ? AND day >= ? AND day < ? "
                            "AND tickets <> 0",
                            "SELECT target, policy_id, priority, targets FROM ticket_sla_unmet_quarters WHERE workspace_id = ? AND "
                            "quarter >= ? AND quarter < ? AND targets <> 0"}) {
      const std::string plan = db::query_plan(c, sql);
      EXPECT_NE(plan.find("SEARCH"), std::string::npos) << sql << '\n' << plan;
      EXPECT_NE(plan.find(">? AND "), std::string::npos) << "a range of the key\n" << sql << '\n' << plan;
    }
    return 0;
  });
}

// SQLite's plans only: PostgreSQL's depend on its statistics, and are in docs/benchmarks.md.
INSTANTIATE_TEST_SUITE_P(Engines, KpiPlan, ::testing::Values("sqlite"));

// On PostgreSQL the duration passes are index-only scans of the workspace-wide covering indexes: each
// column a pass reads is in them, `id` included (migration 0086; without it PostgreSQL read every
// ticket of the range from the table, 240-370 ms for the 30-day report at 1M tickets). Sequential and
// bitmap scans are ruled out so that the ten seeded tickets do not make a scan the cheaper plan.
class KpiPgPlan : public KpiEngines {};

TEST_P(KpiPgPlan, DurationPassesAreIndexOnlyScans) {
  {
    db::PgConnection admin(engine_->pg->opts());
    admin.exec_script("VACUUM ANALYZE tickets");  // index-only scans need the visibility map
  }
  for (const char* prefix : {"first_response", "resolution"}) {
    for (bool volume : {false, true}) {
      std::vector<db::Value> params;
      const std::string sql = duration_pass_sql(identity::server_context("w1"), december(), prefix, volume, params);
      const std::string plan = engine_->db().read([&](db::Connection& c) {
        c.exec("SET LOCAL enable_seqscan = off");
        c.exec("SET LOCAL enable_bitmapscan = off");
        return db::pg_query_plan(c, sql, params);
      });
      EXPECT_NE(plan.find(std::string("Index Only Scan using tickets_kpi_") + prefix + " "), std::string::npos)
          << prefix << (volume ? " with the volume's columns\n" : "\n") << sql << '\n' << plan;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, KpiPgPlan, ::testing::Values("postgres"));

}  // namespace
}  // namespace rapport::support
