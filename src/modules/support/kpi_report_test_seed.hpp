// The support KPI tests' shared world: the seeded workspace (a Berlin calendar, two SLA policies, a
// team, an agent and ten tickets at known instants), both engines, and the fixture that runs each
// test on each. Included by kpi_report_test.cpp and kpi_backlog_test.cpp only.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "modules/support/kpi_backfill.hpp"
#include "modules/support/kpi_backlog.hpp"
#include "modules/support/kpi_durations.hpp"
#include "modules/support/kpi_report.hpp"
#include "modules/support/sla_store.hpp"
#include "modules/support/ticket_sla.hpp"
#include "platform/clock.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"
#include "platform/identity/server_context.hpp"

namespace rapport::support::kpi_test {
namespace json = boost::json;

inline int64_t at(const char* text) { return *clock::parse_datetime(text); }
inline const int64_t kNow = at("2026-12-09T12:00:00Z");  // a Wednesday, 13:00 in Berlin
inline const char* kStandard = "01900000-0000-7000-8000-0000000000a1";
inline const char* kUrgent = "01900000-0000-7000-8000-0000000000a2";
inline const char* kTeam = "01900000-0000-7000-8000-0000000000c1";
inline const char* kAgent = "01900000-0000-7000-8000-0000000000d1";

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
inline void write_sql(Engine& e, const std::string& text) {
  ASSERT_TRUE(e.db().write([&](db::Connection& c) -> Status {
    c.prepare(text).run();
    return ok_status();
  }).ok());
}

inline kpi::Query december() {
  kpi::Query q;
  q.from = at("2026-12-01T00:00:00Z");
  q.to = at("2026-12-10T00:00:00Z");
  return q;
}

// "key=value ..." of a breakdown's rows, for one field.
inline std::string rows(const json::value& array, const char* field) {
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

// Each test of a suite derived from this once per engine ("sqlite", "postgres"), on a new seeded database.
class KpiEngines : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") RAPPORT_REQUIRE_PG();
    engine_ = std::make_unique<Engine>(GetParam());
    Seed(engine_->db()).run();
  }
  std::unique_ptr<Engine> engine_;
};

}  // namespace rapport::support::kpi_test
