// The time triggers on both engines, their clock driven by the `now` they are given. The
// date_relative scan (date_scan.hpp):
// a deal closing on 2026-12-10 and a rule "3 days before at 09:00" start one run when a scan covers
// 2026-12-07 09:00 on the workspace's clock, never again for that date; a date moved later fires
// again; another workspace's zone moves the moment; a rule starts from its creation (no backfill);
// a window with more records than a scan takes is continued by the next scan. The schedule trigger
// (schedule_trigger.hpp): the rule's job schedule fires once per period on the workspace's clock and
// starts runs on the matching records only; a cron that never fires is a 422 naming trigger.cron.
// A change of the workspace's zone (zone_change.hpp) moves a schedule's next run and makes the scan
// look back for a date whose moment jumped behind it.
#include "modules/automation/date_scan.hpp"

#include <gtest/gtest.h>

#include "modules/automation/automation_store.hpp"
#include "modules/automation/date_window.hpp"
#include "modules/automation/schedule_trigger.hpp"
#include "modules/automation/zone_change.hpp"
#include "modules/sales/specs.hpp"
#include "platform/clock.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"
#include "platform/jobs/schedules.hpp"
#include "platform/test_time.hpp"

namespace rapport::automation {
namespace {
namespace json = boost::json;

using test_time::at;

class TimeTriggers : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      RAPPORT_REQUIRE_PG();
      pg_ = std::make_unique<db::PgTestDatabase>("datescan");
      pgdb_ = std::make_unique<db::PgDatabase>(pg_->opts(), 2);
    } else {
      sqlite_ = std::make_unique<db::SqliteTestDatabase>();
    }
    workspace("w1", "UTC");
    workspace("w2", "Asia/Tokyo");
  }
  db::Database& db() { return sqlite_ ? static_cast<db::Database&>(*sqlite_->db) : *pgdb_; }
  void sql(const std::string& text, const std::vector<db::Value>& params = {}) {
    ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
      c.prepare(text).bind_all(params).run();
      return ok_status();
    }).ok());
  }
  void workspace(const std::string& ws, const std::string& zone) {
    const std::string t = "2026-01-01T00:00:00.000Z";
    sql("INSERT INTO workspaces (id, name, time_zone, created_at) VALUES (?, ?, ?, ?)", {ws, "W " + ws, zone, t});
    sql("INSERT INTO users (id, workspace_id, email, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, 'x', 'admin', ?, ?)",
        {"u-" + ws, ws, ws + "@example.com", t, t});
    sql("INSERT INTO pipelines (id, workspace_id, name, position, created_at, updated_at) VALUES (?, ?, 'P', 0, ?, ?)",
        {"p-" + ws, ws, t, t});
    sql("INSERT INTO pipeline_stages (id, workspace_id, pipeline_id, name, position, probability, type, created_at, updated_at) "
        "VALUES (?, ?, ?, 'Open', 0, 10, 'open', ?, ?)",
        {"s-" + ws, ws, "p-" + ws, t, t});
  }
  void deal(const std::string& ws, const std::string& id, const std::string& close_date) {
    const std::string t = "2026-01-01T00:00:00.000Z";
    sql("INSERT INTO deals (id, workspace_id, name, pipeline_id, stage_id, expected_close_date, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {id, ws, "Deal " + id, "p-" + ws, "s-" + ws, close_date, t, t});
  }
  // A rule on deals with this trigger (not stored).
  static Rule rule_of(const std::string& ws, json::object trigger, const std::string& created) {
    Rule r;
    r.id = "r-" + ws;
    r.workspace_id = ws;
    r.name = "Closing soon";
    r.object_type = "deals";
    r.trigger = std::move(trigger);
    r.actions = json::array{json::object{{"type", "create_task"}, {"title", "Call"}, {"due_in_days", 0}, {"assignee", "owner"}}};
    r.created_by = "u-" + ws;
    r.created_at = r.updated_at = created;
    return r;
  }
  // A rule "offset_days before/after `field` at `at`", created (and so scanning from) `created`.
  std::string rule(const std::string& ws, const std::string& created, int offset = -3, const std::string& time = "09:00") {
    Rule r = rule_of(ws, json::object{{"type", "date_relative"}, {"field", "expected_close_date"}, {"offset_days", offset}, {"at", time}},
                     created);
    EXPECT_TRUE(db().write([&](db::Connection& c) -> Status {
      store::insert(c, r, r.created_by);
      store::reset_scan(c, ws, r.id, created);
      return ok_status();
    }).ok());
    return r.id;
  }
  int scan(const char* now) { return scan_dates(db(), specs_, at(now)); }
  // The automation.run jobs' unique keys as enqueued ("<rule>:<run key>"; the queue prefixes the
  // workspace and type), oldest first.
  std::vector<std::string> keys() {
    return db().read([&](db::Connection& c) {
      std::vector<std::string> out;
      auto& st = c.prepare("SELECT unique_key FROM jobs WHERE type = 'automation.run' ORDER BY created_at, unique_key");
      while (st.step()) out.push_back(st.text(0).substr(st.text(0).find("automation.run:") + 15));
      st.reset();
      return out;
    });
  }
  // Fires the due job schedules at `now`, as a node's runner does.
  int fire(const char* now) {
    int n = 0;
    EXPECT_TRUE(db().write([&](db::Connection& c) -> Status {
      n = jobs::fire_due(c, at(now));
      return ok_status();
    }).ok());
    return n;
  }
  std::vector<std::string> column(const std::string& text) {
    return db().read([&](db::Connection& c) {
      std::vector<std::string> out;
      auto& st = c.prepare(text);
      while (st.step()) out.push_back(st.text(0));
      st.reset();
      return out;
    });
  }
  // Marks the pending run jobs done, as a runner would.
  void run_all() { sql("UPDATE jobs SET state = 'succeeded' WHERE state = 'queued' AND type = 'automation.run'"); }

  std::vector<const records::ObjectSpec*> specs_{&sales::deal_spec()};
  std::unique_ptr<db::SqliteTestDatabase> sqlite_;
  std::unique_ptr<db::PgTestDatabase> pg_;
  std::unique_ptr<db::PgDatabase> pgdb_;
};

TEST_P(TimeTriggers, FiresOnceWhenTheScanCoversTheMoment) {
  const auto r = rule("w1", "2026-12-01T00:00:00.000Z");
  deal("w1", "d1", "2026-12-10");
  deal("w1", "d2", "2026-12-20");  // another date: not now
  EXPECT_EQ(scan("2026-12-07T08:55:00Z"), 0) << "not yet";
  EXPECT_EQ(scan("2026-12-07T09:00:00Z"), 1);
  EXPECT_EQ(keys(), (std::vector<std::string>{r + ":date:2026-12-10:d1"}));
  run_all();
  EXPECT_EQ(scan("2026-12-07T09:05:00Z"), 0) << "the same date never twice";
  EXPECT_EQ(scan("2026-12-08T09:05:00Z"), 0);
  // The date moved later fires again, at its new moment.
  sql("UPDATE deals SET expected_close_date = '2026-12-12' WHERE id = 'd1'");
  EXPECT_EQ(scan("2026-12-09T08:59:00Z"), 0);
  EXPECT_EQ(scan("2026-12-09T09:01:00Z"), 1);
  EXPECT_EQ(keys(), (std::vector<std::string>{r + ":date:2026-12-10:d1", r + ":date:2026-12-12:d1"}));
}

TEST_P(TimeTriggers, TheWorkspacesZoneSetsTheMoment) {
  rule("w1", "2026-12-01T00:00:00.000Z");
  const auto tokyo = rule("w2", "2026-12-01T00:00:00.000Z");
  deal("w1", "a1", "2026-12-10");
  deal("w2", "b1", "2026-12-10");
  // 09:00 in Tokyo is 00:00 UTC: only w2's rule fires then, and only on w2's deal.
  EXPECT_EQ(scan("2026-12-07T00:00:00Z"), 1);
  EXPECT_EQ(keys(), (std::vector<std::string>{tokyo + ":date:2026-12-10:b1"}));
  EXPECT_EQ(scan("2026-12-07T09:00:00Z"), 1);
  EXPECT_EQ(keys().size(), 2u);
}

TEST_P(TimeTriggers, ARuleStartsFromItsCreationAndDisabledRulesDoNotScan) {
  deal("w1", "d1", "2026-12-10");
  rule("w1", "2026-12-07T10:00:00.000Z");  // after the moment: no backfill
  EXPECT_EQ(scan("2026-12-07T10:05:00Z"), 0);
  sql("UPDATE automation_rules SET enabled = 0");
  deal("w1", "d2", "2026-12-11");
  EXPECT_EQ(scan("2026-12-08T09:05:00Z"), 0) << "disabled";
  EXPECT_TRUE(keys().empty());
}

TEST_P(TimeTriggers, ABigWindowIsContinuedByTheNextScan) {
  rule("w1", "2026-12-01T00:00:00.000Z");
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    for (int i = 0; i < kScanRecordsPerRule + 5; ++i) {
      std::string id = "d";
      id += std::to_string(10000 + i);
      c.prepare("INSERT INTO deals (id, workspace_id, name, pipeline_id, stage_id, expected_close_date, created_at, updated_at) "
                "VALUES (?, 'w1', ?, 'p-w1', 's-w1', '2026-12-10', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')")
          .bind_all({id, id})
          .run();
    }
    return ok_status();
  }).ok());
  deal("w1", "late", "2026-12-11");  // fires a day later: in the next window only
  EXPECT_EQ(scan("2026-12-07T09:00:00Z"), kScanRecordsPerRule);
  run_all();
  EXPECT_EQ(scan("2026-12-08T09:00:00Z"), 5) << "the rest of the first window, not yet the next one";
  EXPECT_EQ(scan("2026-12-08T09:00:01Z"), 1);
  EXPECT_EQ(keys().size(), static_cast<std::size_t>(kScanRecordsPerRule + 6));
}

TEST_P(TimeTriggers, ACronRuleFiresForMatchingRecordsOnlyOncePerPeriod) {
  deal("w2", "big", "2026-12-10");
  deal("w2", "small", "2026-12-10");
  sql("UPDATE deals SET amount = 500000, currency = 'EUR' WHERE id = 'big'");
  sql("UPDATE deals SET amount = 100, currency = 'EUR' WHERE id = 'small'");
  Rule r = rule_of("w2", json::object{{"type", "schedule"}, {"cron", "0 9 * * *"}}, "2026-12-06T00:00:00.000Z");
  r.conditions = json::array{json::object{{"field", "amount"}, {"op", "gte"}, {"value", 1000}}};
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    store::insert(c, r, r.created_by);
    return sync_schedule(c, r, at("2026-12-06T00:00:00Z"));
  }).ok());
  // 09:00 in Tokyo (the workspace's zone) is 00:00 UTC.
  EXPECT_EQ(column("SELECT next_run_at FROM job_schedules WHERE type = 'automation.schedule'"),
            (std::vector<std::string>{"2026-12-07T00:00:00.000Z"}));
  EXPECT_EQ(fire("2026-12-06T23:59:00Z"), 0);
  EXPECT_EQ(fire("2026-12-07T00:00:00Z"), 1);
  EXPECT_EQ(fire("2026-12-07T00:00:30Z"), 0) << "one job per period";
  const auto period = column("SELECT payload FROM jobs WHERE type = 'automation.schedule'");
  ASSERT_EQ(period.size(), 1u);
  const std::string scheduled_for(json::parse(period[0]).at("scheduled_for").as_string());
  EXPECT_EQ(scheduled_for, "2026-12-07T00:00:00.000Z");
  auto fire_rule = [&] {
    int n = 0;
    EXPECT_TRUE(db().write([&](db::Connection& c) -> Status {
      n = fire_schedule(c, specs_, "w2", r.id, scheduled_for);
      return ok_status();
    }).ok());
    return n;
  };
  EXPECT_EQ(fire_rule(), 1) << "the matching record only";
  EXPECT_EQ(keys(), (std::vector<std::string>{r.id + ":schedule:2026-12-07T00:00:00.000Z:big"}));
  run_all();
  EXPECT_EQ(fire_rule(), 1);
  EXPECT_EQ(keys().size(), 2u) << "a job again, but its run key is the period's: the run starts once (automation_runs_trigger)";
  // Disabled, the rule's schedule goes, and a job of a period already enqueued starts nothing.
  r.enabled = false;
  sql("UPDATE automation_rules SET enabled = 0 WHERE id = ?", {r.id});
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status { return sync_schedule(c, r, at("2026-12-07T01:00:00Z")); }).ok());
  EXPECT_TRUE(column("SELECT id FROM job_schedules WHERE type = 'automation.schedule'").empty());
  EXPECT_EQ(fire_rule(), 0);
}

TEST_P(TimeTriggers, ACronThatNeverFiresIsA422NamingTriggerCron) {
  Rule r = rule_of("w1", json::object{{"type", "schedule"}, {"cron", "0 0 30 2 *"}}, "2026-12-06T00:00:00.000Z");
  std::optional<Problem> refused;
  (void)db().write([&](db::Connection& c) -> Status {
    auto st = sync_schedule(c, r, at("2026-12-06T00:00:00Z"));
    if (!st) refused = st.problem();
    return ok_status();
  });
  ASSERT_TRUE(refused);
  ASSERT_FALSE(refused->errors.empty());
  EXPECT_EQ(refused->errors[0].field, "trigger.cron");
}

TEST_P(TimeTriggers, AZoneChangeMovesTheScheduleAndTheDateWindow) {
  Rule daily = rule_of("w1", json::object{{"type", "schedule"}, {"cron", "0 9 * * *"}}, "2026-12-01T00:00:00.000Z");
  daily.id = "daily-w1";
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    store::insert(c, daily, daily.created_by);
    return sync_schedule(c, daily, at("2026-12-01T00:00:00Z"));
  }).ok());
  const auto date_rule = rule("w1", "2026-12-01T00:00:00.000Z");
  deal("w1", "d1", "2026-12-10");  // fires 2026-12-07 at 09:00 on the workspace's clock
  const std::string next = "SELECT next_run_at FROM job_schedules WHERE type = 'automation.schedule'";
  // As PATCH /api/v1/workspace does: the new zone stored, then automation told, in one transaction.
  auto change_zone = [&](const char* before, const char* after, const char* now) {
    ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
      c.prepare("UPDATE workspaces SET time_zone = ? WHERE id = 'w1'").bind_all({std::string(after)}).run();
      return follow_time_zone(c, specs_, "w1", before, after, at(now));
    }).ok());
  };
  EXPECT_EQ(column(next), (std::vector<std::string>{"2026-12-01T09:00:00.000Z"}));
  EXPECT_EQ(fire("2026-12-07T00:00:00Z"), 1);  // the missed periods fire once; next is 09:00 UTC
  EXPECT_EQ(column(next), (std::vector<std::string>{"2026-12-07T09:00:00.000Z"}));
  EXPECT_EQ(scan("2026-12-07T05:00:00Z"), 0) << "09:00 UTC is still ahead";

  // At 05:00 UTC the zone becomes Tokyo, where 09:00 is 00:00 UTC: the schedule's next run moves to
  // tomorrow's 00:00 UTC, and the date, whose moment is now behind the scan's watermark, still fires.
  change_zone("UTC", "Asia/Tokyo", "2026-12-07T05:00:00Z");
  EXPECT_EQ(column(next), (std::vector<std::string>{"2026-12-08T00:00:00.000Z"}));
  EXPECT_EQ(scan("2026-12-07T05:05:00Z"), 1);
  EXPECT_EQ(keys(), (std::vector<std::string>{date_rule + ":date:2026-12-10:d1"}));
  run_all();
  EXPECT_EQ(scan("2026-12-07T09:05:00Z"), 0) << "and not again at its old moment";

  // Back west to UTC: nothing was missed, the date has fired and does not fire twice.
  change_zone("Asia/Tokyo", "UTC", "2026-12-07T10:00:00Z");
  EXPECT_EQ(column(next), (std::vector<std::string>{"2026-12-08T09:00:00.000Z"}));
  EXPECT_EQ(scan("2026-12-07T10:05:00Z"), 0);
}

TEST(ZoneChange, TheLookBackCoversEveryMomentThatCameEarlier) {
  const auto utc = *jobs::time_zone("UTC"), tokyo = *jobs::time_zone("Asia/Tokyo"), paris = *jobs::time_zone("Europe/Paris");
  const int64_t winter = at("2026-12-07T05:00:00Z");
  EXPECT_EQ(zone_change_lookback_ms(utc, tokyo, false, winter), 9 * 3'600'000);
  EXPECT_EQ(zone_change_lookback_ms(utc, tokyo, true, winter), 9 * 3'600'000);
  EXPECT_EQ(zone_change_lookback_ms(tokyo, utc, false, winter), 0) << "moving west, a date's moments come later";
  EXPECT_EQ(zone_change_lookback_ms(tokyo, utc, true, winter), 15 * 3'600'000) << "a date-time's local day may come a day earlier";
  EXPECT_EQ(zone_change_lookback_ms(utc, paris, false, winter), 3'600'000);
  EXPECT_EQ(zone_change_lookback_ms(utc, paris, false, at("2026-07-01T00:00:00Z")), 2 * 3'600'000) << "offsets at now";
  EXPECT_EQ(zone_change_lookback_ms(paris, paris, true, winter), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, TimeTriggers, ::testing::Values("sqlite", "postgres"), [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::automation
