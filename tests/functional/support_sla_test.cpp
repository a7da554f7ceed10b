// SLA end to end (src/modules/support: business_hours, sla_policy, ticket_sla, sla_scan). The
// server's clock starts on Monday 2030-01-14 at 08:59:45 in Berlin (RAPPORT_TEST_CLOCK, a test-only
// variable), 15 s before a Berlin calendar opens at 09:00 (the test waits for the clock, so every
// second of margin is a second of the suite; a setup slower than that only moves the due time past
// the opening, and the breach to the minute's scan after it): an urgent ticket under a policy of one
// business minute falls due at 09:01, and the installation's SLA scan (every minute) breaches it then,
// once, while an urgent ticket put on pending never breaches; an automation rule on sla_breached
// reacts. The business-hours and SLA-policy routes: validation naming each field, admins write,
// agents and read-only users read only, If-Match, and a calendar in use cannot go. The clock's
// arithmetic (weekends, pauses, warnings) on both engines: src/modules/support/sla_scan_test.cpp.
#include <algorithm>
#include <thread>

#include "access_fixture.hpp"
#include "platform/clock.hpp"

namespace rapport::testing {
namespace {

using Ms = std::chrono::milliseconds;
using Names = std::vector<std::string>;

Names sorted(Names v) {
  std::sort(v.begin(), v.end());
  return v;
}

json::array nine_to_five() { return json::array{json::object{{"open", "09:00"}, {"close", "17:00"}}}; }

class SupportSla : public Access {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess({}, "", "127.0.0.1:0", {{"RAPPORT_TEST_CLOCK", "2030-01-14T07:59:45Z"}});
    client_ = new HttpClient(server_->port());
    token_ = login(*client_, ServerProcess::admin_email(), ServerProcess::admin_password());
    add_member("agent", "support_agent", {});
    add_member("reader", "read_only", {});
  }

  json::object berlin(const std::string& name) {
    json::object week;
    for (const char* d : {"mon", "tue", "wed", "thu", "fri"}) week[d] = nine_to_five();
    return json::object{{"name", name}, {"time_zone", "Europe/Berlin"}, {"week", week}, {"holidays", json::array{"2030-12-25"}}};
  }
  // A list page gives the ticket the `sla` a single read gives (the page reads the text the ticket's
  // last write kept on its row and judges it again; the single read reads the targets).
  void expect_listed_as_read(const std::string& id) {
    auto page = get("/api/v1/tickets?sort=-created_at&limit=200");
    ASSERT_EQ(page.status, 200) << page.body;
    const json::value alone = get("/api/v1/tickets/" + id).json();
    for (const auto& t : data_of(page))
      if (text(t, "id") == id) {
        EXPECT_EQ(t.at("sla"), alone.at("sla")) << id;
        return;
      }
    ADD_FAILURE() << id << " is not on the page";
  }
  std::vector<std::vector<std::string>> db(const std::string& sql, const std::vector<std::string>& params = {}) {
    return query_database(server().data_dir(), sql, params);
  }
};

TEST_F(SupportSla, ABreachFiresFromTheScheduledScanAtTheRightBusinessMinuteAndAPausedTicketDoesNot) {
  auto cal = post("/api/v1/business-hours", berlin(unique_name("Berlin ")));
  ASSERT_EQ(cal.status, 201) << cal.body;
  auto policy = post("/api/v1/sla-policies", json::object{{"name", unique_name("Urgent ")},
                                                          {"conditions", json::object{{"priority", json::array{"urgent"}}}},
                                                          {"targets", json::object{{"first_response", 1}}},
                                                          {"business_hours_id", text(cal.json(), "id")},
                                                          {"warning", nullptr}});
  ASSERT_EQ(policy.status, 201) << policy.body;
  auto rule = post("/api/v1/automations",
                   json::object{{"name", unique_name("Escalate ")}, {"object_type", "tickets"},
                                {"trigger", json::object{{"type", "sla_breached"}}},
                                {"actions", json::array{json::object{{"type", "update_fields"}, {"fields", json::object{{"type", "escalated"}}}}}}});
  ASSERT_EQ(rule.status, 201) << rule.body;

  auto late = post("/api/v1/tickets", json::object{{"subject", "Down"}, {"priority", "urgent"}});
  ASSERT_EQ(late.status, 201) << late.body;
  auto waiting = post("/api/v1/tickets", json::object{{"subject", "Waiting"}, {"priority", "urgent"}, {"status", "pending"}});
  ASSERT_EQ(waiting.status, 201) << waiting.body;
  auto normal = post("/api/v1/tickets", json::object{{"subject", "Question"}});
  ASSERT_EQ(normal.status, 201) << normal.body;
  const std::string id = text(late.json(), "id"), paused = text(waiting.json(), "id");

  // One business minute from the later of its creation and the 09:00 opening (08:00Z).
  const json::value t = late.json();
  const int64_t opening = *clock::parse_datetime("2030-01-14T08:00:00Z");
  const int64_t due = std::max(opening, *clock::parse_datetime(text(t, "created_at"))) + 60'000;
  ASSERT_TRUE(t.at("sla").is_object()) << late.body;
  EXPECT_EQ(text(t.at("sla"), "policy_id"), text(policy.json(), "id"));
  EXPECT_EQ(text(t.at("sla").at("first_response"), "due_at"), clock::format_ms(due));
  EXPECT_FALSE(t.at("sla").at("first_response").at("breached").as_bool());
  EXPECT_FALSE(t.at("sla").as_object().contains("resolution")) << "the policy sets no resolution target";
  EXPECT_EQ(text(t, "sla_due_at"), clock::format_ms(due));
  EXPECT_TRUE(waiting.json().at("sla").at("first_response").at("paused").as_bool()) << waiting.body;
  EXPECT_TRUE(waiting.json().at("sla_due_at").is_null());
  EXPECT_TRUE(normal.json().at("sla").is_null()) << "no policy applies to a normal ticket";

  for (const auto& t : {id, paused, text(normal.json(), "id")}) expect_listed_as_read(t);

  // The inbox's order and filter: by SLA due time.
  auto inbox = get("/api/v1/tickets?sort=sla_due_at&filter[sla_due_at][lte]=2030-01-14T09:00:00Z");
  ASSERT_EQ(inbox.status, 200) << inbox.body;
  ASSERT_EQ(data_of(inbox).size(), 1u) << inbox.body;
  EXPECT_EQ(text(data_of(inbox)[0], "id"), id);
  auto set_by_hand = patch("/api/v1/tickets/" + id, json::object{{"sla_due_at", "2031-01-01T00:00:00Z"}});
  EXPECT_EQ(set_by_hand.status, 422) << "sla_due_at is the server's: " << set_by_hand.body;

  // The scan breaches it within the minute after its due time, never before.
  std::vector<std::vector<std::string>> fired;
  const auto until = std::chrono::steady_clock::now() + Ms(150'000);
  while (std::chrono::steady_clock::now() < until) {
    fired = db("SELECT event_type, object_id, created_at FROM outbox WHERE event_type LIKE 'ticket.sla%' ORDER BY id");
    if (!fired.empty()) break;
    std::this_thread::sleep_for(Ms(250));
  }
  ASSERT_EQ(fired.size(), 1u) << "one breach event";
  EXPECT_EQ(fired[0][0], "ticket.sla_breached");
  EXPECT_EQ(fired[0][1], id);
  const auto breached = db("SELECT breached_at FROM ticket_sla WHERE ticket_id = ? AND target = 'first_response'", {id});
  ASSERT_EQ(breached.size(), 1u);
  const int64_t breached_at = *clock::parse_datetime(breached[0][0]);
  EXPECT_GE(breached_at, due) << "not before its due time";
  EXPECT_LT(breached_at, due + 62'000) << "at the minute's scan after it";
  EXPECT_TRUE(db("SELECT breached_at FROM ticket_sla WHERE ticket_id = ? AND breached_at IS NOT NULL", {paused}).empty())
      << "a paused ticket does not breach";

  // The automation reacts to the event; the ticket shows the breach.
  json::value after;
  const auto wait_rule = std::chrono::steady_clock::now() + Ms(30'000);
  while (std::chrono::steady_clock::now() < wait_rule) {
    after = get("/api/v1/tickets/" + id).json();
    if (text(after, "type") == "escalated") break;
    std::this_thread::sleep_for(Ms(200));
  }
  EXPECT_EQ(text(after, "type"), "escalated") << "the sla_breached rule ran";
  EXPECT_TRUE(after.at("sla").at("first_response").at("breached").as_bool());

  // A reply meets the target late: still breached, no due time left, and no second event.
  json::value reply = json::object{{"kind", "reply"}, {"body", "On it"}};
  auto r = http().call("POST", "/api/v1/tickets/" + id + "/messages", token(), &reply);
  ASSERT_EQ(r.status, 201) << r.body;
  const json::value met = get("/api/v1/tickets/" + id).json();
  EXPECT_FALSE(met.at("sla").at("first_response").at("met_at").is_null());
  EXPECT_TRUE(met.at("sla").at("first_response").at("breached").as_bool());
  EXPECT_TRUE(met.at("sla_due_at").is_null());
  expect_listed_as_read(id);
  EXPECT_EQ(db("SELECT id FROM outbox WHERE event_type LIKE 'ticket.sla%'").size(), 1u);
}

TEST_F(SupportSla, BusinessHoursAndPoliciesAreValidatedAndOnlyAdminsWriteThem) {
  // Every bad part named, nothing stored.
  json::object bad = berlin(unique_name("Bad "));
  bad["time_zone"] = "Mars/Olympus";
  bad["week"].as_object()["mon"] = json::array{json::object{{"open", "9am"}, {"close", "17:00"}}};
  bad["holidays"] = json::array{"2030-02-30"};
  bad["colour"] = "blue";
  auto refused = post("/api/v1/business-hours", bad);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(sorted(error_fields(refused)), sorted({"time_zone", "week.mon[0].open", "holidays[0]", "colour"})) << refused.body;

  const std::string name = unique_name("Office ");
  auto made = post("/api/v1/business-hours", berlin(name));
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string cal = text(made.json(), "id");
  EXPECT_EQ(made.header("location"), "/api/v1/business-hours/" + cal);
  EXPECT_EQ(post("/api/v1/business-hours", berlin(name)).status, 409) << "names are unique";

  // Agents and read-only users read; only admins write.
  for (const char* who : {"agent", "reader"}) {
    EXPECT_EQ(as(who, "GET", "/api/v1/business-hours/" + cal).status, 200) << who;
    EXPECT_EQ(as(who, "GET", "/api/v1/sla-policies").status, 200) << who;
    json::value rename = json::object{{"name", "Mine"}};
    EXPECT_EQ(as(who, "PATCH", "/api/v1/business-hours/" + cal, &rename).status, 403) << who;
    json::value p = json::object{{"name", "Mine"}, {"targets", json::object{{"resolution", 60}}}};
    EXPECT_EQ(as(who, "POST", "/api/v1/sla-policies", &p).status, 403) << who;
    EXPECT_EQ(as(who, "DELETE", "/api/v1/business-hours/" + cal).status, 403) << who;
  }
  EXPECT_EQ(text(get("/api/v1/business-hours/" + cal).json(), "name"), name) << "unchanged";

  // If-Match guards a change.
  auto renamed = patch("/api/v1/business-hours/" + cal, json::object{{"name", name + " HQ"}}, {{"If-Match", made.header("etag")}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json().at("version").as_int64(), 2);
  EXPECT_EQ(patch("/api/v1/business-hours/" + cal, json::object{{"name", "Stale"}}, {{"If-Match", made.header("etag")}}).status, 412);

  auto bad_policy = post("/api/v1/sla-policies",
                         json::object{{"name", unique_name("Bad ")},
                                      {"conditions", json::object{{"priority", json::array{"asap"}}, {"mood", json::array{}}}},
                                      {"targets", json::object{{"resolution", json::object{{"urgent", 0}}}, {"first_reply", 5}}},
                                      {"pause_statuses", json::array{"solved"}},
                                      {"warning", json::object{{"percent", 100}}}});
  ASSERT_EQ(bad_policy.status, 422) << bad_policy.body;
  EXPECT_EQ(sorted(error_fields(bad_policy)), sorted({"conditions.priority[0]", "conditions.mood", "targets.resolution.urgent",
                                                      "targets.first_reply", "pause_statuses[0]", "warning.percent"}))
      << bad_policy.body;
  auto unknown_cal = post("/api/v1/sla-policies", json::object{{"name", unique_name("P ")}, {"targets", json::object{{"resolution", 60}}},
                                                               {"business_hours_id", "01900000-0000-7000-8000-00000000dead"}});
  EXPECT_EQ(unknown_cal.status, 422) << unknown_cal.body;
  EXPECT_EQ(error_fields(unknown_cal), Names{"business_hours_id"});

  auto p = post("/api/v1/sla-policies", json::object{{"name", unique_name("Uses ")}, {"targets", json::object{{"resolution", 60}}},
                                                     {"conditions", json::object{{"tags", json::array{"vip"}}}},
                                                     {"business_hours_id", cal}});
  ASSERT_EQ(p.status, 201) << p.body;
  EXPECT_EQ(p.json().at("warning").at("percent").as_int64(), 80) << "the default warning";
  EXPECT_EQ(p.json().at("pause_statuses"), (json::array{"pending", "on_hold"})) << "the default pauses";
  EXPECT_EQ(del("/api/v1/business-hours/" + cal).status, 409) << "a policy uses it";
  EXPECT_EQ(del("/api/v1/sla-policies/" + text(p.json(), "id")).status, 204);
  EXPECT_EQ(del("/api/v1/business-hours/" + cal).status, 204);
  EXPECT_EQ(get("/api/v1/business-hours/" + cal).status, 404);
}

// A new policy re-times the open tickets it now covers (the support.sla_refresh job) as derived
// state: their sla and sla_due_at move, but they are not changed as records (no ticket.updated, no
// new version, no audit entry each); the audit log holds the policy's creation alone.
TEST_F(SupportSla, ANewPolicyRetimesOpenTicketsWithoutChangingThemAsRecords) {
  const std::string tag = unique_name("retime-");
  auto open = post("/api/v1/tickets", json::object{{"subject", "Slow"}, {"priority", "low"}, {"tags", json::array{tag}}});
  ASSERT_EQ(open.status, 201) << open.body;
  auto solved = post("/api/v1/tickets", json::object{{"subject", "Done"}, {"priority", "low"}, {"status", "solved"}, {"tags", json::array{tag}}});
  ASSERT_EQ(solved.status, 201) << solved.body;
  const std::string id = text(open.json(), "id"), done = text(solved.json(), "id");
  ASSERT_TRUE(open.json().at("sla").is_null()) << open.body;
  const std::string mark = db("SELECT coalesce(max(id), 0) FROM audit_log")[0][0];

  auto policy = post("/api/v1/sla-policies", json::object{{"name", unique_name("Tagged ")},
                                                          {"conditions", json::object{{"tags", json::array{tag}}}},
                                                          {"targets", json::object{{"first_response", 30}}},
                                                          {"calendar_time", true},
                                                          {"warning", nullptr}});
  ASSERT_EQ(policy.status, 201) << policy.body;
  json::value after;
  const auto until = std::chrono::steady_clock::now() + Ms(30'000);
  while (std::chrono::steady_clock::now() < until) {
    after = get("/api/v1/tickets/" + id).json();
    if (!after.at("sla").is_null()) break;
    std::this_thread::sleep_for(Ms(200));
  }
  ASSERT_TRUE(after.at("sla").is_object()) << "re-timed by the refresh job";
  EXPECT_EQ(text(after.at("sla"), "policy_id"), text(policy.json(), "id"));
  const int64_t due = *clock::parse_datetime(text(open.json(), "created_at")) + 30 * 60'000;
  EXPECT_EQ(text(after.at("sla").at("first_response"), "due_at"), clock::format_ms(due));
  EXPECT_EQ(text(after, "sla_due_at"), clock::format_ms(due));
  EXPECT_EQ(after.at("version").as_int64(), 1) << "not a change of the record (an agent's If-Match still holds)";
  expect_listed_as_read(id);
  EXPECT_EQ(db("SELECT sla_due_at FROM tickets WHERE id = ?", {id})[0][0], clock::format_ms(due)) << "sortable and filterable";
  EXPECT_TRUE(get("/api/v1/tickets/" + done).json().at("sla_due_at").is_null()) << "a solved ticket has nothing due";
  EXPECT_EQ(db("SELECT id FROM outbox WHERE event_type = 'ticket.updated' AND object_id IN (?, ?)", {id, done}).size(), 0u);
  const auto audited = db("SELECT object_type, object_id, action FROM audit_log WHERE id > " + mark + " ORDER BY id");
  ASSERT_EQ(audited.size(), 1u) << "the policy's creation alone";
  EXPECT_EQ(audited[0][0], "sla_policies");
  EXPECT_EQ(audited[0][1], text(policy.json(), "id"));
  EXPECT_EQ(del("/api/v1/sla-policies/" + text(policy.json(), "id")).status, 204);
}

}  // namespace
}  // namespace rapport::testing
