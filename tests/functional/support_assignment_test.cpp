// Round-robin assignment (src/modules/support/assignment.*): a team's setting (admins set it),
// new tickets of the team without an assignee handed to its active members in turn, members marked
// away passed over, a cap of open tickets per member, and two tickets created at once never both
// given to a member whose cap leaves room for one.
#include <algorithm>
#include <set>
#include <thread>

#include "access_fixture.hpp"

namespace rapport::testing {
namespace {

using Names = std::vector<std::string>;

class SupportAssignment : public Access {
 protected:
  static void SetUpTestSuite() {
    Access::SetUpTestSuite();
    json::value body = json::object{{"name", "Round robin " + random_suffix()}};
    auto r = client_->call("POST", "/api/v1/teams", token_, &body);
    ASSERT_EQ(r.status, 201) << r.body;
    team_ = text(r.json(), "id");
    add_member("rr_a", "support_agent", {json::value(team_)});
    add_member("rr_b", "support_agent", {json::value(team_)});
  }

  std::string assignee_of_new() {
    auto r = post("/api/v1/tickets", json::object{{"subject", "Queued"}, {"team_id", team_}});
    EXPECT_EQ(r.status, 201) << r.body;
    return text(r.json(), "assignee_id");
  }
  HttpResponse set(const json::object& settings) {
    const json::value body = settings;
    return client_->call("PUT", "/api/v1/teams/" + team_ + "/assignment", token_, &body);
  }
  void away(const std::string& who, bool is_away) {
    json::value body = json::object{{"away", is_away}};
    auto r = as(who, "PUT", "/api/v1/me/availability", &body);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().at("away").as_bool(), is_away);
  }
  // Solves every open ticket of the team, so each test starts with empty queues.
  void solve_all() {
    auto open = get("/api/v1/tickets?limit=500&filter[team_id][eq]=" + team_ + "&filter[status][in]=new,open,pending,on_hold");
    for (const auto& t : data_of(open)) EXPECT_EQ(patch("/api/v1/tickets/" + text(t, "id"), json::object{{"status", "solved"}}).status, 200);
  }

  static inline std::string team_;
};

TEST_F(SupportAssignment, OffUntilSetThenMembersInTurnSkippingAway) {
  auto settings = get("/api/v1/teams/" + team_ + "/assignment");
  ASSERT_EQ(settings.status, 200) << settings.body;
  EXPECT_FALSE(settings.json().at("round_robin").as_bool());
  EXPECT_EQ(assignee_of_new(), "") << "off: nobody is picked";

  auto on = set(json::object{{"round_robin", true}});
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_TRUE(on.json().at("skip_away").as_bool()) << "the default";
  std::set<std::string> both{m("rr_a").id, m("rr_b").id};
  const std::string first = assignee_of_new(), second = assignee_of_new(), third = assignee_of_new();
  EXPECT_TRUE(both.count(first)) << first;
  EXPECT_TRUE(both.count(second)) << second;
  EXPECT_NE(first, second) << "in turn";
  EXPECT_EQ(third, first) << "and round again";
  // An explicit assignee is left alone.
  auto chosen = post("/api/v1/tickets", json::object{{"subject", "Mine"}, {"team_id", team_}, {"assignee_id", m("rr_a").id}});
  EXPECT_EQ(text(chosen.json(), "assignee_id"), m("rr_a").id);

  away("rr_a", true);
  EXPECT_EQ(assignee_of_new(), m("rr_b").id);
  EXPECT_EQ(assignee_of_new(), m("rr_b").id) << "rr_a is away";
  EXPECT_TRUE(as("rr_a", "GET", "/api/v1/me/availability").json().at("away").as_bool());
  // The team's setting says who is away, for the team page.
  const auto away_ids = get("/api/v1/teams/" + team_ + "/assignment").json().at("away_member_ids");
  EXPECT_EQ(json::serialize(away_ids), json::serialize(json::array{json::value(m("rr_a").id)}));
  ASSERT_EQ(set(json::object{{"round_robin", true}, {"skip_away", false}}).status, 200);
  std::set<std::string> picked{assignee_of_new(), assignee_of_new()};
  EXPECT_EQ(picked, both) << "away no longer skipped";
  away("rr_a", false);
  EXPECT_TRUE(get("/api/v1/teams/" + team_ + "/assignment").json().at("away_member_ids").as_array().empty());
  solve_all();
}

TEST_F(SupportAssignment, ACapOfOpenTicketsHoldsUnderConcurrentCreation) {
  solve_all();
  ASSERT_EQ(set(json::object{{"round_robin", true}, {"max_open", 1}}).status, 200);
  away("rr_b", true);  // one member left, with room for one ticket
  // 6 clients create a ticket each at the same time: exactly one is assigned.
  std::vector<std::thread> threads;
  std::vector<std::string> assignees(6);
  for (std::size_t i = 0; i < assignees.size(); ++i)
    threads.emplace_back([&, i] {
      HttpClient c(server().port());
      json::value body = json::object{{"subject", "Rush"}, {"team_id", team_}};
      auto r = c.call("POST", "/api/v1/tickets", token(), &body);
      EXPECT_EQ(r.status, 201) << r.body;
      assignees[i] = text(r.json(), "assignee_id");
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(assignees.begin(), assignees.end(), m("rr_a").id), 1);
  EXPECT_EQ(std::count(assignees.begin(), assignees.end(), ""), 5);
  // Solving it frees the room.
  auto held = get("/api/v1/tickets?filter[assignee_id][eq]=" + m("rr_a").id + "&filter[status][eq]=new");
  ASSERT_EQ(data_of(held).size(), 1u) << held.body;
  ASSERT_EQ(patch("/api/v1/tickets/" + text(data_of(held)[0], "id"), json::object{{"status", "solved"}}).status, 200);
  EXPECT_EQ(assignee_of_new(), m("rr_a").id);
  away("rr_b", false);
  ASSERT_EQ(set(json::object{{"round_robin", false}}).status, 200);
  solve_all();
}

TEST_F(SupportAssignment, OnlyAdminsSetItAndBadSettingsAreRefused) {
  json::value on = json::object{{"round_robin", true}};
  EXPECT_EQ(as("rr_a", "PUT", "/api/v1/teams/" + team_ + "/assignment", &on).status, 403);
  EXPECT_EQ(as("reader", "PUT", "/api/v1/teams/" + team_ + "/assignment", &on).status, 403);
  EXPECT_EQ(as("rr_a", "GET", "/api/v1/teams/" + team_ + "/assignment").status, 200);
  for (const json::object& bad : {json::object{{"skip_away", true}}, json::object{{"round_robin", "yes"}},
                                  json::object{{"round_robin", true}, {"max_open", 0}}, json::object{{"round_robin", true}, {"colour", 1}}}) {
    auto r = set(bad);
    EXPECT_EQ(r.status, 422) << json::serialize(bad) << ": " << r.body;
  }
  EXPECT_EQ(get("/api/v1/teams/01900000-0000-7000-8000-00000000dead/assignment").status, 404);
  json::value bad_away = json::object{{"away", "maybe"}};
  EXPECT_EQ(as("rr_a", "PUT", "/api/v1/me/availability", &bad_away).status, 422);
}

// The automation action assign_round_robin: a rule on ticket.created gives tickets outside any queue
// to a team's agents in turn (the team's own round robin: its turn, away agents passed over), and is
// checked when saved (a team of the workspace, rules on tickets only); the dry run takes no turn.
TEST_F(SupportAssignment, AnAutomationAssignsByTheTeamsRoundRobinSkippingAway) {
  json::value body = json::object{{"name", "Rule queue " + random_suffix()}};
  auto t = client_->call("POST", "/api/v1/teams", token_, &body);
  ASSERT_EQ(t.status, 201) << t.body;
  const std::string team = text(t.json(), "id");
  for (const char* who : {"rule_x", "rule_y", "rule_z"}) add_member(who, "support_agent", {json::value(team)});
  away("rule_y", true);
  const std::string subject = "Routed " + random_suffix();
  auto action = [](const json::object& params) {
    json::object a = params;
    a["type"] = "assign_round_robin";
    return a;
  };
  auto rule = [&](const char* object, const json::object& params) {
    return post("/api/v1/automations",
                json::object{{"name", "Round robin " + random_suffix()}, {"object_type", object},
                             {"trigger", json::object{{"type", "record_created"}}},
                             {"conditions", json::array{json::object{{"field", "subject"}, {"op", "eq"}, {"value", subject}}}},
                             {"actions", json::array{action(params)}}});
  };
  auto unknown = rule("tickets", json::object{{"team_id", "01900000-0000-7000-8000-00000000dead"}});
  ASSERT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(error_fields(unknown), Names{"actions.0.team_id"});
  auto extra = rule("tickets", json::object{{"team_id", team}, {"mode", "x"}});
  ASSERT_EQ(extra.status, 422) << extra.body;
  EXPECT_EQ(error_fields(extra), Names{"actions.0.mode"});
  auto on_contacts = post("/api/v1/automations",
                          json::object{{"name", "Contacts " + random_suffix()}, {"object_type", "contacts"},
                                       {"trigger", json::object{{"type", "record_created"}}},
                                       {"actions", json::array{action(json::object{{"team_id", team}})}}});
  ASSERT_EQ(on_contacts.status, 422) << on_contacts.body;
  EXPECT_EQ(error_fields(on_contacts), Names{"actions.0.type"});

  auto made = rule("tickets", json::object{{"team_id", team}});
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string rule_id = text(made.json(), "id");
  // In id order, rule_y (away) passed over: the first eligible, the other, the first again.
  Names eligible{m("rule_x").id, m("rule_z").id};
  std::sort(eligible.begin(), eligible.end());
  Names got;
  for (int i = 0; i < 3; ++i) {
    auto created = post("/api/v1/tickets", json::object{{"subject", subject}});
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string id = text(created.json(), "id");
    std::string assignee;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (assignee.empty() && std::chrono::steady_clock::now() < until) {
      assignee = text(get("/api/v1/tickets/" + id).json(), "assignee_id");
      if (assignee.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    got.push_back(assignee);
    if (i == 0) {
      // The dry run on a ticket names the next agent without taking the turn.
      auto dry = post("/api/v1/automations/" + rule_id + "/test", json::object{{"record_id", id}});
      ASSERT_EQ(dry.status, 200) << dry.body;
      EXPECT_EQ(text(dry.json().at("actions").as_array()[0].at("would").at("changes").as_array()[0], "after"), eligible[1]);
    }
  }
  EXPECT_EQ(got, (Names{eligible[0], eligible[1], eligible[0]}));
  EXPECT_FALSE(get("/api/v1/teams/" + team + "/assignment").json().at("round_robin").as_bool())
      << "the team's own setting untouched: its new tickets are not assigned by it";
  EXPECT_EQ(del("/api/v1/automations/" + rule_id).status, 204);
  away("rule_y", false);
}

}  // namespace
}  // namespace rapport::testing
