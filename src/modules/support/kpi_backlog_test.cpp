// The support report's backlog on both engines: by status and age now, and the kept counts
// (ticket_open_days, migration 0071, kept by triggers) against the open tickets after every kind of write.
#include "modules/support/kpi_report_test_seed.hpp"

namespace rapport::support {
namespace {
using namespace kpi_test;

class KpiBacklog : public KpiEngines {};

TEST_P(KpiBacklog, BacklogByStatusAndAgeNow) {
  const json::value b = engine_->report(december()).at("backlog");
  EXPECT_EQ(b.at("total"), 6);
  EXPECT_EQ(rows(b.at("by_status"), "value"), "new=1 open=3 pending=1 on_hold=1");
  EXPECT_EQ(rows(b.at("by_age"), "value"), "lt_1d=1 1_3d=1 3_7d=2 7_30d=1 gt_30d=1");
}

// The backlog's kept counts (ticket_open_days, migration 0071, kept by triggers) against an
// independent count of the tickets after each kind of write: a status change, solving, reopening,
// a new priority, a soft delete and its undo, a purge, a new ticket, a moved creation time; and the
// backlog read through them against the one read from the tickets, for bounds inside days, at a
// ticket's creation instant and at UTC midnights, unfiltered and by priority.
class OpenDaysCheck {
 public:
  explicit OpenDaysCheck(Engine& e) : e_(e) {}
  // "workspace/status/priority/day=n ..." of the groups, kept or computed.
  std::string groups(const char* sql) {
    return e_.db().read([&](db::Connection& c) {
      auto& st = c.prepare(sql);
      std::string out;
      while (st.step()) out += st.text(0) + '/' + st.text(1) + '/' + st.text(2) + '/' + st.text(3) + '=' + std::to_string(st.int64(4)) + ' ';
      st.reset();
      return out;
    });
  }
  std::string kept() {
    return groups("SELECT workspace_id, status, priority, created_day, tickets FROM ticket_open_days ORDER BY 1, 2, 3, 4");
  }
  std::string computed() {
    return groups(
        "SELECT workspace_id, status, priority, substr(created_at, 1, 10), CAST(COUNT(*) AS BIGINT) FROM tickets WHERE deleted_at IS NULL "
        "AND status IN ('new', 'open', 'pending', 'on_hold') GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");
  }
  static std::string text(const kpi::OpenCounts& counts) {
    std::string out;
    for (const auto& [status, n] : counts) {
      out += status + ':' + std::to_string(n.total);
      for (const int64_t y : n.younger) out += ',' + std::to_string(y);
      out += ' ';
    }
    return out;
  }
  void check(const std::string& step) {
    EXPECT_EQ(kept(), computed()) << step;
    const std::vector<int64_t> bounds{kNow - kpi::kDayMs, at("2026-12-07T08:00:00Z"), at("2026-12-04T00:00:00Z"),
                                      at("2026-11-20T10:00:00Z") - 1, kNow - 30 * kpi::kDayMs};
    for (const std::string priority : {"", "normal", "high"}) {
      kpi::Query q = december();
      q.priority = priority;
      e_.db().read([&](db::Connection& c) {
        const auto ctx = identity::server_context("w1");
        EXPECT_TRUE(kpi::may_use_kept_counts(ctx, q));
        EXPECT_EQ(text(kpi::open_counts_kept(c, "w1", priority, bounds)), text(kpi::open_counts_from_tickets(c, ctx, q, bounds)))
            << step << " priority " << priority;
        return 0;
      });
    }
  }
  void sql(const std::string& text) { write_sql(e_, text); }

 private:
  Engine& e_;
};

TEST_P(KpiBacklog, BacklogKeptCountsEqualTheOpenTicketsAfterEveryWrite) {
  OpenDaysCheck check(*engine_);
  check.check("seeded");
  EXPECT_NE(check.kept(), "");
  check.sql("UPDATE tickets SET status = 'open' WHERE id = 't5'");
  check.check("t5 opened");
  check.sql("UPDATE tickets SET status = 'solved' WHERE id = 't10'");
  check.check("t10 solved");
  check.sql("UPDATE tickets SET status = 'open' WHERE id = 't2'");
  check.check("t2 reopened");
  check.sql("UPDATE tickets SET priority = 'urgent' WHERE id = 't9'");
  check.check("t9 urgent");
  check.sql("UPDATE tickets SET updated_at = '2026-12-09T11:00:00.000Z', version = version + 1, sla_due_at = NULL WHERE id = 't9'");
  check.check("t9 written without a change of its counted fields");
  check.sql("UPDATE tickets SET deleted_at = '2026-12-09T11:00:00.000Z' WHERE id = 't6'");
  check.check("t6 deleted");
  check.sql("UPDATE tickets SET status = 'open' WHERE id = 't6'");
  check.check("t6 changed in the recycle bin");
  check.sql("UPDATE tickets SET deleted_at = NULL WHERE id = 't6'");
  check.check("t6 restored");
  check.sql("UPDATE tickets SET created_at = '2026-12-03T23:59:59.000Z' WHERE id = 't5'");
  check.check("t5 created earlier");
  check.sql("INSERT INTO tickets (id, workspace_id, number, subject, status, priority, channel, created_at, updated_at) "
            "VALUES ('n1', 'w1', 50, 'New', 'new', 'high', 'phone', '2026-12-09T11:30:00.000Z', '2026-12-09T11:30:00.000Z')");
  check.check("n1 created");
  check.sql("DELETE FROM ticket_sla WHERE ticket_id = 't5'");
  check.sql("DELETE FROM ticket_status_intervals WHERE ticket_id = 't5'");
  check.sql("DELETE FROM tickets WHERE id = 't5'");
  check.check("t5 purged");
  check.sql("UPDATE tickets SET status = 'closed' WHERE status IN ('new', 'open', 'pending', 'on_hold')");
  check.check("all closed");
  EXPECT_EQ(check.kept(), "") << "groups brought to zero are removed";
}

INSTANTIATE_TEST_SUITE_P(Engines, KpiBacklog, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace rapport::support
