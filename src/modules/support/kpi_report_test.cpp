// The support KPIs on both engines, from tickets whose creation, first response, solving and ratings
// fall at known instants (rows written as the record engine writes them, timed by track_sla): the
// durations in calendar and business seconds (a Berlin 09:00-17:00 calendar, a policy in calendar
// time, and no policy; pending time left out), next responses, the same figures from tickets the
// background backfill has not reached, median and p90 by nearest rank, the backlog by status and age, the SLA's
// attainment per target, policy and priority, volume per day, channel, agent and team, CSAT, the
// filters; and the two engines give the same report.
#include "modules/support/kpi_report.hpp"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "modules/support/kpi_backfill.hpp"
#include "modules/support/kpi_backlog.hpp"
#include "modules/support/kpi_durations.hpp"
#include "modules/support/sla_store.hpp"
#include "modules/support/ticket_sla.hpp"
#include "platform/clock.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"
#include "platform/identity/server_context.hpp"

namespace rapport::support {
namespace {
namespace json = boost::json;

int64_t at(const char* text) { return *clock::parse_datetime(text); }
const int64_t kNow = at("2026-12-09T12:00:00Z");  // a Wednesday, 13:00 in Berlin
const char* kStandard = "01900000-0000-7000-8000-0000000000a1";
const char* kUrgent = "01900000-0000-7000-8000-0000000000a2";
const char* kTeam = "01900000-0000-7000-8000-0000000000c1";
const char* kAgent = "01900000-0000-7000-8000-0000000000d1";

// A workspace with a default Berlin calendar (Mon-Fri 09:00-17:00), the policy Standard (normal and
// high: first response 60 business minutes; high: resolution 120) and Urgent (urgent, calendar time:
// first response 30 minutes), a team and an agent, and ten tickets.
class Seed {
 public:
  explicit Seed(db::Database& db) : db_(db) {}

  void run() {
    const std::string t = "2026-01-01T00:00:00.000Z";
    sql("INSERT INTO workspaces (id, name, time_zone, created_at) VALUES ('w1', 'W', 'UTC', ?)", {t});
    sql("INSERT INTO teams (id, workspace_id, name, name_key, created_at, updated_at) VALUES (?, 'w1', 'Tier 2', 'tier 2', ?, ?)",
        {kTeam, t, t});
    sql("INSERT INTO users (id, workspace_id, email, name, password_hash, role, created_at, updated_at) "
        "VALUES (?, 'w1', 'ana@example.com', 'Ana', 'x', 'support_agent', ?, ?)",
        {kAgent, t, t});
    BusinessHours b;
    b.id = "01900000-0000-7000-8000-0000000000b1";
    b.workspace_id = "w1";
    b.name = "Berlin";
    json::array nine_to_five{json::object{{"open", "09:00"}, {"close", "17:00"}}};
    b.calendar = json::object{{"time_zone", "Europe/Berlin"},
                              {"week", json::object{{"mon", nine_to_five}, {"tue", nine_to_five}, {"wed", nine_to_five},
                                                    {"thu", nine_to_five}, {"fri", nine_to_five}}},
                              {"holidays", json::array{}}};
    b.is_default = true;
    b.created_at = b.updated_at = t;
    SlaPolicy standard;
    standard.id = kStandard;
    standard.workspace_id = "w1";
    standard.name = "Standard";
    standard.position = 1;
    standard.priorities = {"normal", "high"};
    standard.targets = json::object{{"first_response", 60}, {"next_response", 60}, {"resolution", json::object{{"high", 120}}}};
    standard.created_at = standard.updated_at = t;
    SlaPolicy urgent = standard;
    urgent.id = kUrgent;
    urgent.name = "Urgent";
    urgent.position = 2;
    urgent.priorities = {"urgent"};
    urgent.targets = json::object{{"first_response", 30}};
    urgent.calendar_time = true;
    ASSERT_TRUE(db_.write([&](db::Connection& c) -> Status {
      sla_store::insert_calendar(c, b);
      sla_store::insert_policy(c, standard);
      sla_store::insert_policy(c, urgent);
      return ok_status();
    }).ok());

    // t1: Friday 16:30 Berlin, answered Monday 09:30: 65 hours, one business hour (met exactly at its due time).
    auto t1 = ticket("t1", "normal", "2026-12-04T15:30:00.000Z");
    respond(t1, "2026-12-07T08:30:00.000Z");
    // t2: Monday 09:00 Berlin, answered after 10 minutes, solved at 13:00 (resolution due 11:00: breached), rated good.
    auto t2 = ticket("t2", "high", "2026-12-07T08:00:00.000Z", "open", "api", "", kAgent);
    respond(t2, "2026-12-07T08:10:00.000Z");
    change(t2, "solved", "2026-12-07T12:00:00.000Z");
    rate("t2", "good", "2026-12-08T09:00:00.000Z");
    // t3: urgent, calendar time: answered after an hour (due after 30 minutes: breached), open 1.5 days.
    auto t3 = ticket("t3", "urgent", "2026-12-08T00:00:00.000Z");
    respond(t3, "2026-12-08T01:00:00.000Z");
    // t4: low (no policy), from the web form: answered after 20 minutes, solved after a day, rated good.
    auto t4 = ticket("t4", "low", "2026-12-02T10:00:00.000Z", "open", "web");
    respond(t4, "2026-12-02T10:20:00.000Z");
    change(t4, "solved", "2026-12-03T10:00:00.000Z");
    rate("t4", "good", "2026-12-03T12:00:00.000Z");
    // t5: new this morning, unanswered past its due time (10:00 Berlin).
    ticket("t5", "normal", "2026-12-09T08:00:00.000Z", "new");
    // t6: pending since October: its clock never ran.
    ticket("t6", "normal", "2026-10-01T10:00:00.000Z", "pending");
    // t7: low, created before the range, solved on its first day, then closed; rated bad.
    auto t7 = ticket("t7", "low", "2026-11-25T10:00:00.000Z");
    respond(t7, "2026-11-25T11:00:00.000Z");
    change(t7, "solved", "2026-12-01T10:00:00.000Z");
    change(t7, "closed", "2026-12-02T10:00:00.000Z");
    rate("t7", "bad", "2026-12-05T00:00:00.000Z");
    // t8: deleted: counts for nothing.
    auto t8 = ticket("t8", "normal", "2026-12-05T10:00:00.000Z");
    respond(t8, "2026-12-05T10:30:00.000Z");
    sql("UPDATE tickets SET deleted_at = '2026-12-06T00:00:00.000Z' WHERE id = 't8'");
    // t9: team Tier 2, on hold since it came in.
    ticket("t9", "high", "2026-12-04T09:00:00.000Z", "on_hold", "api", kTeam);
    // t10: an email from November, still open.
    ticket("t10", "normal", "2026-11-20T10:00:00.000Z", "open", "email");
  }

  // Next responses (the report's next_response section), on t1 and t3 as they are after run().
  void next_responses() {
    json::object t1 = ticket_json("t1", "normal", "2026-12-04T15:30:00.000Z", "open", "2026-12-07T08:30:00.000Z");
    // Monday 10:00 Berlin to 11:30: 90 minutes, in business hours (due 11:00: late).
    customer_wrote(t1, "2026-12-07T09:00:00.000Z");
    reply(t1, "2026-12-07T10:30:00.000Z");
    // Monday 16:30 Berlin to Tuesday 09:30: 17 hours, one business hour (due Tuesday 09:30: met).
    customer_wrote(t1, "2026-12-07T15:30:00.000Z");
    reply(t1, "2026-12-08T08:30:00.000Z");
    // t3 (urgent, calendar time, no next_response target): 4 hours, 2 of them pending (its clock stopped).
    json::object t3 = ticket_json("t3", "urgent", "2026-12-08T00:00:00.000Z", "open", "2026-12-08T01:00:00.000Z");
    customer_wrote(t3, "2026-12-08T02:00:00.000Z");
    change(t3, "pending", "2026-12-08T03:00:00.000Z");
    change(t3, "open", "2026-12-08T05:00:00.000Z");
    reply(t3, "2026-12-08T06:00:00.000Z");
  }

 private:
  void sql(const std::string& text, const std::vector<db::Value>& params = {}) {
    ASSERT_TRUE(db_.write([&](db::Connection& c) -> Status {
      c.prepare(text).bind_all(params).run();
      return ok_status();
    }).ok());
  }
  void track(json::object& t, int64_t now) {
    ASSERT_TRUE(db_.write([&](db::Connection& c) -> Status {
      track_sla(c, "w1", t, now);
      c.prepare("UPDATE tickets SET status = ?, first_response_at = ?, solved_at = ?, sla_due_at = ?, first_response_seconds = ?, "
                "first_response_business_seconds = ?, resolution_seconds = ?, resolution_business_seconds = ?, sla_policy_id = ?, "
                "first_response_sla_met = ?, resolution_sla_met = ? WHERE id = ?")
          .bind_all({std::string(t.at("status").as_string()), nullable(t.at("first_response_at")), nullable(t.at("solved_at")),
                     nullable(t.at("sla_due_at")), nullable(t.at("first_response_seconds")),
                     nullable(t.at("first_response_business_seconds")), nullable(t.at("resolution_seconds")),
                     nullable(t.at("resolution_business_seconds")), nullable(t.at("sla_policy_id")),
                     nullable(t.at("first_response_sla_met")), nullable(t.at("resolution_sla_met")),
                     std::string(t.at("id").as_string())})
          .run();
      return ok_status();
    }).ok());
  }
  static db::Value nullable(const json::value& v) {
    if (v.is_bool()) return db::Value(int64_t{v.as_bool() ? 1 : 0});
    if (v.is_int64()) return db::Value(v.as_int64());
    return v.is_string() ? db::Value(std::string(v.as_string())) : db::Value(nullptr);
  }
  // A ticket's record as track_sla reads it, for one made by ticket() and answered at `answered`.
  static json::object ticket_json(const std::string& id, const std::string& priority, const std::string& created, const std::string& status,
                                  const std::string& answered) {
    return {{"id", id},       {"status", status},          {"priority", priority},         {"company_id", nullptr}, {"team_id", nullptr},
            {"created_at", created}, {"first_response_at", answered}, {"solved_at", nullptr}};
  }
  json::object ticket(const std::string& id, const std::string& priority, const std::string& created, const std::string& status = "open",
                      const std::string& channel = "api", const std::string& team = "", const std::string& assignee = "") {
    sql("INSERT INTO tickets (id, workspace_id, number, subject, status, priority, channel, team_id, assignee_id, created_at, updated_at) "
        "VALUES (?, 'w1', ?, 'Help', ?, ?, ?, ?, ?, ?, ?)",
        {id, int64_t{++number_}, status, priority, channel, team.empty() ? db::Value(nullptr) : db::Value(team),
         assignee.empty() ? db::Value(nullptr) : db::Value(assignee), created, created});
    json::object t{{"id", id},
                   {"status", status},
                   {"priority", priority},
                   {"company_id", nullptr},
                   {"team_id", team.empty() ? json::value(nullptr) : json::value(team)},
                   {"created_at", created},
                   {"first_response_at", nullptr},
                   {"solved_at", nullptr}};
    track(t, at(created.c_str()));
    return t;
  }
  void respond(json::object& t, const std::string& when) {
    t["first_response_at"] = when;
    track(t, at(when.c_str()));
  }
  // The customer writes after a reply (customer_replied's start of next_response), then an agent replies (note_reply).
  void customer_wrote(json::object& t, const std::string& when) {
    sql("INSERT INTO ticket_sla (workspace_id, ticket_id, target, policy_id, started_at) VALUES ('w1', ?, 'next_response', '', ?) "
        "ON CONFLICT (ticket_id, target) DO UPDATE SET started_at = excluded.started_at, met_at = NULL, warned_at = NULL, breached_at = NULL",
        {std::string(t.at("id").as_string()), when});
    track(t, at(when.c_str()));
  }
  void reply(json::object& t, const std::string& when) {
    ASSERT_TRUE(db_.write([&](db::Connection& c) -> Status {
      note_reply(c, "w1", std::string(t.at("id").as_string()), when);
      return ok_status();
    }).ok());
    track(t, at(when.c_str()));
  }
  void change(json::object& t, const std::string& status, const std::string& when) {
    t["status"] = status;
    track(t, at(when.c_str()));
  }
  void rate(const std::string& id, const std::string& rating, const std::string& when) {
    sql("UPDATE tickets SET satisfaction = ?, satisfaction_at = ? WHERE id = ?", {rating, when, id});
  }

  db::Database& db_;
  int number_ = 0;
};

// The test's databases: SQLite, or PostgreSQL on the test cluster.
struct Engine {
  std::unique_ptr<db::SqliteTestDatabase> sqlite;
  std::unique_ptr<db::PgTestDatabase> pg;
  std::unique_ptr<db::PgDatabase> pgdb;
  explicit Engine(const std::string& name) {
    if (name == "postgres") {
      pg = std::make_unique<db::PgTestDatabase>("kpireport");
      pgdb = std::make_unique<db::PgDatabase>(pg->opts(), 2);
    } else {
      sqlite = std::make_unique<db::SqliteTestDatabase>();
    }
  }
  db::Database& db() { return sqlite ? static_cast<db::Database&>(*sqlite->db) : *pgdb; }
  // The background backfill's walk (kpi_backfill.hpp), as the support.kpi_backfill job runs it: the tickets it timed.
  int64_t backfill() {
    KpiBackfill walk;
    auto done = fill_kpi_durations(db(), walk);
    EXPECT_TRUE(done && *done);
    return walk.filled;
  }
  // "id:first_response,business,resolution,business,first_response_met,resolution_met ..." of every
  // ticket, deleted ones too.
  std::string stored_durations() {
    return db().read([&](db::Connection& c) {
      auto& st = c.prepare("SELECT id, first_response_seconds, first_response_business_seconds, resolution_seconds, "
                           "resolution_business_seconds, first_response_sla_met, resolution_sla_met FROM tickets ORDER BY id");
      std::string out;
      while (st.step()) {
        out += st.text(0) + ':';
        for (int col = 1; col <= 6; ++col) {
          out += st.is_null(col) ? std::string("-") : std::to_string(st.int64(col));
          out += col < 6 ? ',' : ' ';
        }
      }
      st.reset();
      return out;
    });
  }
  json::object report(const kpi::Query& q) {
    return db().read([&](db::Connection& c) { return support_report(c, identity::server_context("w1"), q, kNow); });
  }
};

// One statement in its own transaction.
void write_sql(Engine& e, const std::string& text) {
  ASSERT_TRUE(e.db().write([&](db::Connection& c) -> Status {
    c.prepare(text).run();
    return ok_status();
  }).ok());
}

kpi::Query december() {
  kpi::Query q;
  q.from = at("2026-12-01T00:00:00Z");
  q.to = at("2026-12-10T00:00:00Z");
  return q;
}

// "key=value ..." of a breakdown's rows, for one field.
std::string rows(const json::value& array, const char* field) {
  std::string out;
  for (const auto& row : array.as_array()) {
    if (!out.empty()) out += ' ';
    const auto& k = row.at("key");
    out += k.is_string() ? std::string(k.as_string()) : std::string("null");
    out += '=';
    out += json::serialize(row.at(field));
  }
  return out;
}

class KpiReport : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") RAPPORT_REQUIRE_PG();
    engine_ = std::make_unique<Engine>(GetParam());
    Seed(engine_->db()).run();
  }
  std::unique_ptr<Engine> engine_;
};

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

TEST_P(KpiReport, BacklogByStatusAndAgeNow) {
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

TEST_P(KpiReport, BacklogKeptCountsEqualTheOpenTicketsAfterEveryWrite) {
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
