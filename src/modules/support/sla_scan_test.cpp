// A ticket's SLA on both engines, its clock driven by the `now` each step is given: a policy of 60
// business minutes on a Berlin Monday-to-Friday 09:00-17:00 calendar times a ticket opened on Friday
// 16:30 local; its warning (80 %) fires at Monday 09:18 and its breach at Monday 09:30, each once,
// not a minute earlier; a ticket pending since it was opened never breaches; a pause from the status
// history moves the due time; a customer's message after the first response starts next_response,
// which the next reply meets; no policy, no SLA; a policy changed later re-times the open tickets
// (sla_refresh) but not the solved ones.
#include "modules/support/sla_scan.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>

#include "modules/support/sla_refresh.hpp"
#include "modules/support/sla_store.hpp"
#include "modules/support/ticket_sla.hpp"
#include "platform/clock.hpp"
#include "platform/db/counting_connection.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"
#include "platform/identity/server_context.hpp"
#include "platform/test_time.hpp"

namespace rapport::support {
namespace {
namespace json = boost::json;

using test_time::at;

constexpr const char* kFridayOpen = "2026-12-04T15:30:00.000Z";  // Friday 16:30 in Berlin

class SlaScan : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      RAPPORT_REQUIRE_PG();
      pg_ = std::make_unique<db::PgTestDatabase>("slascan");
      pgdb_ = std::make_unique<db::PgDatabase>(pg_->opts(), 2);
    } else {
      sqlite_ = std::make_unique<db::SqliteTestDatabase>();
    }
    const std::string t = "2026-01-01T00:00:00.000Z";
    sql("INSERT INTO workspaces (id, name, time_zone, created_at) VALUES ('w1', 'W', 'UTC', ?)", {t});
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
    SlaPolicy p;
    p.id = "01900000-0000-7000-8000-0000000000a1";
    p.workspace_id = "w1";
    p.name = "Standard";
    p.priorities = {"normal", "high"};
    p.targets = json::object{{"first_response", 60}, {"next_response", 30}, {"resolution", json::object{{"high", 120}}}};
    p.created_at = p.updated_at = t;
    ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
      sla_store::insert_calendar(c, b);
      sla_store::insert_policy(c, p);
      return ok_status();
    }).ok());
  }
  db::Database& db() { return sqlite_ ? static_cast<db::Database&>(*sqlite_->db) : *pgdb_; }
  void sql(const std::string& text, const std::vector<db::Value>& params = {}) {
    ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
      c.prepare(text).bind_all(params).run();
      return ok_status();
    }).ok());
  }
  // A ticket row as the record engine stores one, then timed at its creation.
  json::object ticket(const std::string& id, const std::string& status, const std::string& priority = "normal") {
    sql("INSERT INTO tickets (id, workspace_id, number, subject, status, priority, channel, created_at, updated_at) "
        "VALUES (?, 'w1', ?, 'Help', ?, ?, 'api', ?, ?)",
        {id, int64_t{++number_}, status, priority, std::string(kFridayOpen), std::string(kFridayOpen)});
    json::object t{{"id", id},           {"status", status},     {"priority", priority},        {"company_id", nullptr},
                   {"team_id", nullptr}, {"created_at", kFridayOpen}, {"first_response_at", nullptr}};
    track(t, at(kFridayOpen));
    return t;
  }
  void track(json::object& t, int64_t now) {
    ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
      track_sla(c, "w1", t, now);
      return ok_status();
    }).ok());
  }
  // n open low-priority tickets (ids prefix1, prefix2, ...) stored without their SLA, as before a policy covered them.
  void open_low_tickets(const std::string& prefix, int n) {
    ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
      for (int i = 1; i <= n; ++i) {
        std::string id = prefix;
        id += std::to_string(i);
        c.prepare("INSERT INTO tickets (id, workspace_id, number, subject, status, priority, channel, created_at, updated_at) "
                  "VALUES (?, 'w1', ?, 'Help', 'open', 'low', 'api', ?, ?)")
            .bind_all({id, int64_t{++number_}, std::string(kFridayOpen), std::string(kFridayOpen)})
            .run();
      }
      return ok_status();
    }).ok());
  }
  // The SLA events emitted so far: "type target ticket" each.
  std::vector<std::string> events() {
    return db().read([](db::Connection& c) {
      std::vector<std::string> out;
      auto& st = c.prepare("SELECT event_type, payload FROM outbox WHERE event_type LIKE 'ticket.sla%' ORDER BY id");
      while (st.step()) {
        const json::value p = json::parse(st.text(1));
        out.push_back(st.text(0) + " " + std::string(p.at("target").as_string()) + " " + std::string(p.at("ticket_id").as_string()));
      }
      st.reset();
      return out;
    });
  }

  std::unique_ptr<db::SqliteTestDatabase> sqlite_;
  std::unique_ptr<db::PgTestDatabase> pg_;
  std::unique_ptr<db::PgDatabase> pgdb_;
  int number_ = 0;
};

TEST_P(SlaScan, WarnsAndBreachesAtTheRightBusinessMinuteOnceEach) {
  const json::object t = ticket("t1", "open");
  const json::object& sla = t.at("sla").as_object();
  EXPECT_EQ(sla.at("policy_id"), "01900000-0000-7000-8000-0000000000a1");
  EXPECT_EQ(sla.at("first_response").at("due_at"), "2026-12-07T08:30:00.000Z") << "Monday 09:30 in Berlin";
  EXPECT_EQ(sla.at("first_response").at("warn_at"), "2026-12-07T08:18:00.000Z") << "80 % of 60 minutes";
  EXPECT_FALSE(sla.contains("resolution")) << "the policy sets no resolution target for normal tickets";
  EXPECT_FALSE(sla.contains("next_response")) << "the customer has not written since a reply";
  EXPECT_EQ(t.at("sla_due_at"), "2026-12-07T08:30:00.000Z");

  EXPECT_EQ(scan_sla(db(), at("2026-12-05T12:00:00Z")), 0) << "Saturday: no business time passes";
  EXPECT_EQ(scan_sla(db(), at("2026-12-07T08:17:59.999Z")), 0);
  EXPECT_EQ(scan_sla(db(), at("2026-12-07T08:18:00Z")), 1);
  EXPECT_EQ(scan_sla(db(), at("2026-12-07T08:19:00Z")), 0) << "a warning fires once";
  EXPECT_EQ(scan_sla(db(), at("2026-12-07T08:29:59.999Z")), 0);
  EXPECT_EQ(scan_sla(db(), at("2026-12-07T08:30:00Z")), 1);
  EXPECT_EQ(scan_sla(db(), at("2026-12-07T09:30:00Z")), 0) << "a breach fires once";
  EXPECT_EQ(events(), (std::vector<std::string>{"ticket.sla_warning first_response t1", "ticket.sla_breached first_response t1"}));
  auto stored = db().read([](db::Connection& c) { return sla_json(c, "w1", "t1", at("2026-12-07T08:31:00Z")); });
  EXPECT_TRUE(stored.at("first_response").at("breached").as_bool());
}

TEST_P(SlaScan, APausedTicketNeverBreachesAndAPauseMovesTheDueTime) {
  const json::object pending = ticket("t-pending", "pending");
  EXPECT_TRUE(pending.at("sla").at("first_response").at("due_at").is_null());
  EXPECT_TRUE(pending.at("sla").at("first_response").at("paused").as_bool());
  EXPECT_TRUE(pending.at("sla_due_at").is_null());
  EXPECT_EQ(scan_sla(db(), at("2027-06-01T12:00:00Z")), 0) << "a paused ticket has no due time";

  // Open from Friday 16:30 (30 minutes), pending Monday 09:00-09:10, open again: due 09:40.
  json::object t = ticket("t-paused", "open");
  t["status"] = "pending";
  track(t, at("2026-12-07T08:00:00Z"));
  EXPECT_TRUE(t.at("sla_due_at").is_null());
  t["status"] = "open";
  track(t, at("2026-12-07T08:10:00Z"));
  EXPECT_EQ(t.at("sla_due_at"), "2026-12-07T08:40:00.000Z");
  EXPECT_EQ(scan_sla(db(), at("2026-12-07T08:30:00Z")), 1) << "the warning only (09:28 after the pause)";
  EXPECT_EQ(scan_sla(db(), at("2026-12-07T08:40:00Z")), 1);
  EXPECT_EQ(events(), (std::vector<std::string>{"ticket.sla_warning first_response t-paused", "ticket.sla_breached first_response t-paused"}));
}

TEST_P(SlaScan, ResolutionPausesWhileSolvedAndNoPolicyMeansNoSla) {
  json::object t = ticket("t-high", "open", "high");
  EXPECT_EQ(t.at("sla").at("resolution").at("due_at"), "2026-12-07T09:30:00.000Z") << "120 minutes: Monday 10:30";
  t["status"] = "solved";
  track(t, at("2026-12-07T08:00:00Z"));
  EXPECT_EQ(t.at("sla").at("resolution").at("met_at"), "2026-12-07T08:00:00.000Z");
  EXPECT_FALSE(t.at("sla").at("resolution").at("breached").as_bool());
  // Reopened an hour later: the hour solved does not count.
  t["status"] = "open";
  track(t, at("2026-12-07T09:00:00Z"));
  EXPECT_TRUE(t.at("sla").at("resolution").at("met_at").is_null());
  EXPECT_EQ(t.at("sla").at("resolution").at("due_at"), "2026-12-07T10:30:00.000Z");

  json::object low = ticket("t-low", "open", "low");
  EXPECT_TRUE(low.at("sla").is_null()) << "no policy for low priority";
  EXPECT_TRUE(low.at("sla_due_at").is_null());
}

TEST_P(SlaScan, ACustomersMessageAfterAReplyStartsNextResponseWhichTheNextReplyMeets) {
  json::object t = ticket("t-conv", "open");
  sql("UPDATE tickets SET first_response_at = ? WHERE id = 't-conv'", {std::string("2026-12-07T08:05:00.000Z")});
  t["first_response_at"] = "2026-12-07T08:05:00.000Z";
  track(t, at("2026-12-07T08:05:00Z"));
  EXPECT_FALSE(t.at("sla").as_object().contains("next_response"));
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    return customer_replied(c, identity::server_context("w1"), "t-conv", at("2026-12-07T09:00:00Z"));
  }).ok());
  auto sla = db().read([](db::Connection& c) { return sla_json(c, "w1", "t-conv", at("2026-12-07T09:01:00Z")); });
  EXPECT_EQ(sla.at("next_response").at("due_at"), "2026-12-07T09:30:00.000Z");
  auto stored_due = db().read([](db::Connection& c) { return c.scalar("SELECT sla_due_at FROM tickets WHERE id = 't-conv'"); });
  EXPECT_EQ(std::get<std::string>(stored_due), "2026-12-07T09:30:00.000Z") << "the ticket's sla_due_at follows";
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    note_reply(c, "w1", "t-conv", "2026-12-07T09:20:00.000Z");
    track_sla(c, "w1", t, at("2026-12-07T09:20:00Z"));
    return ok_status();
  }).ok());
  EXPECT_EQ(t.at("sla").at("next_response").at("met_at"), "2026-12-07T09:20:00.000Z");
  EXPECT_FALSE(t.at("sla").at("next_response").at("breached").as_bool());
  EXPECT_TRUE(t.at("sla_due_at").is_null()) << "every target met";
  EXPECT_EQ(scan_sla(db(), at("2026-12-08T12:00:00Z")), 0);
}

TEST_P(SlaScan, AChangedPolicyRetimesTheOpenTicketsThroughTheRefresh) {
  const json::object low = ticket("t-low-open", "open", "low");
  const json::object solved = ticket("t-low-solved", "solved", "low");
  EXPECT_TRUE(low.at("sla").is_null());
  sql("UPDATE sla_policies SET conditions = '{\"priority\": [\"low\", \"normal\"]}' WHERE id = '01900000-0000-7000-8000-0000000000a1'");
  auto changed = refresh_tickets(db(), "w1", at("2026-12-04T16:00:00Z"));
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->changed, 1) << "the open low ticket; the solved one is left alone";
  EXPECT_EQ(changed->seen, 1);
  auto due = [&](const char* id) {
    return db().read([&](db::Connection& c) { return c.scalar("SELECT sla_due_at FROM tickets WHERE id = ?", {std::string(id)}); });
  };
  EXPECT_EQ(std::get<std::string>(due("t-low-open")), "2026-12-07T08:30:00.000Z");
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(due("t-low-solved")));
  auto again = refresh_tickets(db(), "w1", at("2026-12-04T16:01:00Z"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->changed, 0) << "nothing moved";
  auto written = db().read([](db::Connection& c) {
    return c.scalar("SELECT count(*) FROM outbox WHERE event_type = 'ticket.updated'");
  });
  EXPECT_EQ(std::get<int64_t>(written), 0) << "the SLA is derived state: no ticket.updated";
  auto version = db().read([](db::Connection& c) { return c.scalar("SELECT version FROM tickets WHERE id = 't-low-open'"); });
  EXPECT_EQ(std::get<int64_t>(version), 1) << "the ticket's version (its If-Match) is left alone";
}

// The walk over more tickets than one batch holds: every open ticket is re-timed, in more than one
// transaction (a batch holds at most kSlaRefreshBatch tickets). Its cost at 100,000 tickets:
// bench/sla_refresh.sh (docs/benchmarks.md, "SLA re-timing").
TEST_P(SlaScan, RetimesManyOpenTicketsInShortTransactions) {
  const int n = 2 * kSlaRefreshBatch + 50;
  ASSERT_NO_FATAL_FAILURE(open_low_tickets("t-", n));
  auto untimed = db().read([](db::Connection& c) { return c.scalar("SELECT count(*) FROM tickets WHERE sla_due_at IS NOT NULL"); });
  ASSERT_EQ(std::get<int64_t>(untimed), 0) << "low tickets have no policy yet";
  sql("UPDATE sla_policies SET conditions = '{\"priority\": [\"low\", \"normal\"]}' WHERE id = '01900000-0000-7000-8000-0000000000a1'");
  auto r = refresh_tickets(db(), "w1", at("2026-12-04T16:00:00Z"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->seen, n);
  EXPECT_EQ(r->changed, n);
  EXPECT_GE(r->transactions, (n + kSlaRefreshBatch - 1) / kSlaRefreshBatch) << "a batch holds at most " << kSlaRefreshBatch << " tickets";
  auto timed = db().read([](db::Connection& c) {
    return c.scalar("SELECT count(*) FROM tickets WHERE sla_due_at = '2026-12-07T08:30:00.000Z'");
  });
  EXPECT_EQ(std::get<int64_t>(timed), n) << "each due Monday 09:30 in Berlin (60 business minutes from Friday 16:30)";
  auto again = refresh_tickets(db(), "w1", at("2026-12-04T16:00:00Z"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->seen, n);
  EXPECT_EQ(again->changed, 0) << "a second walk finds nothing to move";
}

// The walk reads the SLA configuration once per transaction, not once per ticket: 450 open tickets
// (three batches) re-timed through a database that counts the statements prepared, on the real
// engine. Before the change each ticket read the policies and its calendar (900 configuration reads
// for 450 tickets); the statements per ticket are printed for docs/benchmarks.md.
TEST_P(SlaScan, RetimingReadsThePoliciesOncePerBatch) {
  constexpr int n = 450;
  ASSERT_NO_FATAL_FAILURE(open_low_tickets("b-", n));
  sql("UPDATE sla_policies SET conditions = '{\"priority\": [\"low\", \"normal\"]}' WHERE id = '01900000-0000-7000-8000-0000000000a1'");
  db::CountingDatabase counted(db());
  auto r = refresh_tickets(counted, "w1", at("2026-12-04T16:00:00Z"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->seen, n);
  EXPECT_EQ(r->changed, n);
  ASSERT_GE(r->transactions, 3) << "batches of at most 200";
  const auto policy_reads = counted.count("FROM sla_policies"), calendar_reads = counted.count("FROM business_hours");
  EXPECT_EQ(policy_reads, static_cast<std::size_t>(r->transactions)) << "once per batch";
  EXPECT_LE(calendar_reads, static_cast<std::size_t>(r->transactions)) << "one calendar (the default), once per batch";
  std::printf("sla_refresh %s: %d tickets, %d transactions, %zu statements (%.1f per ticket), %zu policy reads, %zu calendar reads\n",
              GetParam().c_str(), n, r->transactions, counted.prepared().size(),
              static_cast<double>(counted.prepared().size()) / n, policy_reads, calendar_reads);
  auto timed = db().read([](db::Connection& c) {
    return c.scalar("SELECT count(*) FROM tickets WHERE id LIKE 'b-%' AND sla_due_at = '2026-12-07T08:30:00.000Z'");
  });
  EXPECT_EQ(std::get<int64_t>(timed), n) << "each ticket timed on the Berlin calendar, as a lone track_sla would";
}

// A list page's SLA (sla_json_of, one query for the page) is each ticket's own (sla_json, as a single
// read gives it), for tickets in every state: open, paused, met, solved, no policy, a next_response
// target, a ticket with no targets stored; judged before and after the open targets fall due.
TEST_P(SlaScan, APageOfTicketsGetsTheSlaEachTicketHasAlone) {
  // What each ticket's write keeps on its row (kept_sla): the list page judges it again when read.
  std::map<std::string, std::string> kept;
  auto keep = [&](const json::object& t) { kept[std::string(t.at("id").as_string())] = std::get<std::string>(kept_sla(t)); };
  keep(ticket("p-open", "open"));
  keep(ticket("p-pending", "pending"));
  json::object solved = ticket("p-solved", "open", "high");
  solved["status"] = "solved";
  track(solved, at("2026-12-07T08:00:00Z"));
  keep(solved);
  keep(ticket("p-low", "open", "low"));
  json::object conv = ticket("p-conv", "open");
  sql("UPDATE tickets SET first_response_at = ? WHERE id = 'p-conv'", {std::string("2026-12-07T08:05:00.000Z")});
  conv["first_response_at"] = "2026-12-07T08:05:00.000Z";
  track(conv, at("2026-12-07T08:05:00Z"));
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    return customer_replied(c, identity::server_context("w1"), "p-conv", at("2026-12-07T09:00:00Z"));
  }).ok());
  // The customer's reply was written as a change of the ticket (records::write_change): its row keeps the new SLA.
  db().read([&](db::Connection& c) {
    kept["p-conv"] = std::get<std::string>(c.scalar("SELECT sla_kept FROM tickets WHERE id = 'p-conv'"));
    return 0;
  });
  const std::vector<std::string> ids{"p-open", "p-pending", "p-solved", "p-low", "p-conv", "p-never-timed"};
  for (const char* now : {"2026-12-07T08:00:00Z", "2026-12-08T12:00:00Z"}) {
    db().read([&](db::Connection& c) {
      const auto page = sla_json_of(c, "w1", ids, at(now));
      EXPECT_EQ(page.size(), ids.size());
      for (std::size_t i = 0; i < ids.size() && i < page.size(); ++i) {
        const auto alone = sla_json(c, "w1", ids[i], at(now));
        EXPECT_EQ(page[i], alone) << ids[i] << " at " << now;
        if (kept.count(ids[i])) {
          EXPECT_EQ(sla_of_kept(kept[ids[i]], at(now)), std::optional<json::value>(alone)) << ids[i] << " at " << now;
        }
      }
      return 0;
    });
  }
  EXPECT_FALSE(kept["p-open"].find("\"breached\":true") != std::string::npos) << "kept before it fell due: " << kept["p-open"];
  EXPECT_EQ(kept["p-low"], "null") << "no policy applies";
  // Text that is no kept SLA is not read as one: the page reads that ticket's targets instead.
  for (const char* bad : {"", "{", "[]", "{\"first_response\":{}}", "{\"policy_id\":\"p\",\"resolution\":3}"})
    EXPECT_FALSE(sla_of_kept(bad, at("2026-12-08T12:00:00Z"))) << bad;
  auto later = db().read([&](db::Connection& c) { return sla_json_of(c, "w1", {"p-open"}, at("2026-12-08T12:00:00Z")); });
  EXPECT_TRUE(later.at(0).at("first_response").at("breached").as_bool()) << "judged at the time given";
  auto none = db().read([&](db::Connection& c) { return sla_json_of(c, "w1", {}, at("2026-12-08T12:00:00Z")); });
  EXPECT_TRUE(none.empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, SlaScan, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace rapport::support
