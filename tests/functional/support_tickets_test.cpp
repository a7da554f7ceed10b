// Tickets (src/modules/support): numbers per workspace without gaps under concurrent creation, the
// list filters on them, defaults and enums (a new ticket's company is its requester's), a closed ticket that stays closed and its follow-up,
// history, and who reaches a ticket: the agents of its team, not those of another team; a
// read-only user changes nothing.
#include <set>
#include <thread>

#include "access_fixture.hpp"
#include "modules/support/messages.hpp"

namespace rapport::testing {
namespace {

using Names = std::vector<std::string>;

class SupportTickets : public Access {
 protected:
  static void SetUpTestSuite() {
    Access::SetUpTestSuite();
    add_member("agent_east", "support_agent", {json::value(east_)});
    add_member("agent_west", "support_agent", {json::value(west_)});
  }

  json::value ticket(const std::string& id) { return get("/api/v1/tickets/" + id).json(); }
  int64_t number_of(const std::string& id) { return ticket(id).at("number").as_int64(); }
};

TEST_F(SupportTickets, NumbersFollowEachOtherWithoutGapsEvenWhenCreatedConcurrently) {
  const std::string first = create("tickets", json::object{{"subject", unique_name("Numbered ")}});
  const int64_t start = number_of(first);
  // A refused create takes no number.
  auto bad = post("/api/v1/tickets", json::object{{"subject", "x"}, {"status", "sleeping"}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(error_fields(bad), Names{"status"});
  const std::string second = create("tickets", json::object{{"subject", unique_name("Numbered ")}});
  EXPECT_EQ(number_of(second), start + 1);

  // 8 clients creating 6 tickets each at the same time: 48 numbers, all distinct and consecutive.
  std::vector<std::thread> threads;
  std::vector<std::vector<int64_t>> taken(8);
  for (std::size_t t = 0; t < taken.size(); ++t)
    threads.emplace_back([&, t] {
      HttpClient c(server().port());
      for (int i = 0; i < 6; ++i) {
        json::value body = json::object{{"subject", "Concurrent"}};
        auto r = c.call("POST", "/api/v1/tickets", token(), &body);
        if (r.status == 201) taken[t].push_back(r.json().at("number").as_int64());
      }
    });
  for (auto& th : threads) th.join();
  std::set<int64_t> numbers;
  for (const auto& v : taken) numbers.insert(v.begin(), v.end());
  ASSERT_EQ(numbers.size(), 48u);
  EXPECT_EQ(*numbers.begin(), start + 2);
  EXPECT_EQ(*numbers.rbegin(), start + 49);

  // `number` is filterable and sortable like any field.
  auto one = get("/api/v1/tickets?filter[number][eq]=" + std::to_string(start + 1));
  ASSERT_EQ(one.status, 200) << one.body;
  ASSERT_EQ(data_of(one).size(), 1u);
  EXPECT_EQ(text(data_of(one)[0], "id"), second);
  auto page = get("/api/v1/tickets?sort=number&filter[number][gte]=" + std::to_string(start) + "&limit=3");
  ASSERT_EQ(page.status, 200) << page.body;
  ASSERT_EQ(data_of(page).size(), 3u);
  EXPECT_EQ(text(data_of(page)[0], "id"), first);
  EXPECT_FALSE(page.json().at("next_cursor").is_null());
  auto newest = get("/api/v1/tickets?limit=1");  // the default sort: newest number first
  EXPECT_EQ(data_of(newest)[0].at("number").as_int64(), start + 49);
}

TEST_F(SupportTickets, DefaultsEnumsAndReferences) {
  const std::string company = create("companies", json::object{{"name", unique_name("Ticketed ")}});
  const std::string contact = create("contacts", json::object{{"last_name", unique_name("Requester ")}});
  auto r = post("/api/v1/tickets", json::object{{"subject", "Printer on fire"}, {"requester_id", contact},
                                                 {"company_id", company}, {"team_id", east_}, {"type", "incident"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const json::value t = r.json();
  EXPECT_EQ(text(t, "status"), "new");
  EXPECT_EQ(text(t, "priority"), "normal");
  EXPECT_EQ(text(t, "channel"), "api");
  EXPECT_EQ(text(t, "team_id"), east_);
  EXPECT_TRUE(t.at("follow_up_of").is_null());
  auto refused = post("/api/v1/tickets", json::object{{"subject", "x"}, {"priority", "whenever"}, {"channel", "fax"},
                                                       {"team_id", "01900000-0000-7000-8000-00000000dead"},
                                                       {"requester_id", "01900000-0000-7000-8000-00000000beef"}});
  EXPECT_EQ(refused.status, 422) << refused.body;
  auto fields = error_fields(refused);
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (Names{"channel", "priority", "requester_id", "team_id"})) << refused.body;
  auto nameless = post("/api/v1/tickets", json::object{{"description", "no subject"}});
  EXPECT_EQ(nameless.status, 422);
  EXPECT_EQ(error_fields(nameless), Names{"subject"});
  auto by_team = get("/api/v1/tickets?filter[team_id][eq]=" + east_ + "&filter[status][in]=new,open&limit=200");
  ASSERT_EQ(by_team.status, 200) << by_team.body;
  bool found = false;
  for (const auto& row : data_of(by_team)) found |= text(row, "id") == text(t, "id");
  EXPECT_TRUE(found);
}

TEST_F(SupportTickets, ANewTicketWithoutACompanyTakesItsRequestersCompany) {
  const std::string company = create("companies", json::object{{"name", unique_name("Requester's ")}});
  const std::string other = create("companies", json::object{{"name", unique_name("Named ")}});
  const std::string employee = create("contacts", json::object{{"last_name", unique_name("Employed ")}, {"company_id", company}});
  const std::string freelancer = create("contacts", json::object{{"last_name", unique_name("Freelance ")}});
  auto taken = post("/api/v1/tickets", json::object{{"subject", "Whose?"}, {"requester_id", employee}});
  ASSERT_EQ(taken.status, 201) << taken.body;
  EXPECT_EQ(text(taken.json(), "company_id"), company);
  auto named = post("/api/v1/tickets", json::object{{"subject", "Named"}, {"requester_id", employee}, {"company_id", other}});
  ASSERT_EQ(named.status, 201) << named.body;
  EXPECT_EQ(text(named.json(), "company_id"), other) << "a company given is kept";
  auto none = post("/api/v1/tickets", json::object{{"subject", "Nobody's"}, {"requester_id", freelancer}});
  ASSERT_EQ(none.status, 201) << none.body;
  EXPECT_TRUE(none.json().at("company_id").is_null());
  // A change of requester later moves nothing: the company is the ticket's own from then on.
  auto moved = patch("/api/v1/tickets/" + text(taken.json(), "id"), json::object{{"requester_id", freelancer}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(text(moved.json(), "company_id"), company);
  // A requester whose company is in the recycle bin gives none (its reference would be refused).
  ASSERT_EQ(del("/api/v1/companies/" + company).status, 204);
  auto binned = post("/api/v1/tickets", json::object{{"subject", "Binned"}, {"requester_id", employee}});
  ASSERT_EQ(binned.status, 201) << binned.body;
  EXPECT_TRUE(binned.json().at("company_id").is_null());
}

TEST_F(SupportTickets, DeletingATeamLeavesItsTicketsAlone) {
  json::value night = json::object{{"name", unique_name("Night shift ")}};
  auto team = post("/api/v1/teams", night);
  ASSERT_EQ(team.status, 201) << team.body;
  const std::string team_id = text(team.json(), "id");
  const std::string id = create("tickets", json::object{{"subject", "Queued at night"}, {"team_id", team_id}});
  auto gone = del("/api/v1/teams/" + team_id);
  EXPECT_EQ(gone.status, 204) << gone.body;
  EXPECT_EQ(text(ticket(id), "team_id"), team_id);
  EXPECT_EQ(patch("/api/v1/tickets/" + id, json::object{{"priority", "high"}}).status, 200) << "its old team is left alone";
  auto moved = patch("/api/v1/tickets/" + id, json::object{{"team_id", team_id}, {"subject", "x"}});
  EXPECT_EQ(moved.status, 200) << "unchanged, so not checked again: " << moved.body;
  EXPECT_EQ(patch("/api/v1/tickets/" + id, json::object{{"team_id", east_}}).status, 200);
  auto back = patch("/api/v1/tickets/" + id, json::object{{"team_id", team_id}});
  EXPECT_EQ(back.status, 422) << "a deleted team cannot be chosen again: " << back.body;
  EXPECT_EQ(error_fields(back), Names{"team_id"});
}

TEST_F(SupportTickets, ADeletedTicketWaitsInTheRecycleBinAndComesBackWithItsNumber) {
  const std::string id = create("tickets", json::object{{"subject", unique_name("Binned ")}});
  const int64_t number = number_of(id);
  auto gone = del("/api/v1/tickets/" + id);
  ASSERT_EQ(gone.status, 204) << gone.body;
  EXPECT_EQ(get("/api/v1/tickets/" + id).status, 404);
  EXPECT_TRUE(data_of(get("/api/v1/tickets?filter[number][eq]=" + std::to_string(number))).empty());
  auto bin = get("/api/v1/recycle-bin?object_type=tickets&limit=500");
  ASSERT_EQ(bin.status, 200) << bin.body;
  bool binned = false;
  for (const auto& item : data_of(bin)) binned = binned || text(item, "id") == id;
  EXPECT_TRUE(binned) << bin.body;
  EXPECT_EQ(del("/api/v1/tickets/" + id).status, 404) << "deleted once";
  // A new ticket takes the next number: a binned ticket keeps its own.
  const std::string next = create("tickets", json::object{{"subject", unique_name("After the bin ")}});
  EXPECT_GT(number_of(next), number);
  auto back = post("/api/v1/tickets/" + id + "/restore", json::object{});
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(back.json().at("number").as_int64(), number);
  EXPECT_EQ(number_of(id), number);
  EXPECT_EQ(post("/api/v1/tickets/" + id + "/restore", json::object{}).status, 409) << "a live ticket is not in the bin";
}

TEST_F(SupportTickets, AClosedTicketStaysClosedAndAFollowUpTakesOver) {
  const std::string contact = create("contacts", json::object{{"last_name", unique_name("Follower ")}});
  const std::string id = create("tickets", json::object{{"subject", "Refund please"}, {"priority", "high"},
                                                        {"requester_id", contact}, {"team_id", east_}});
  // Not closed yet: no follow-up.
  auto early = post("/api/v1/tickets/" + id + "/follow-up", json::object{});
  EXPECT_EQ(early.status, 422) << early.body;
  EXPECT_EQ(error_fields(early), Names{"follow_up_of"});
  auto close = patch("/api/v1/tickets/" + id, json::object{{"status", "closed"}});
  ASSERT_EQ(close.status, 200) << close.body;
  auto reopen = patch("/api/v1/tickets/" + id, json::object{{"status", "open"}});
  EXPECT_EQ(reopen.status, 422) << reopen.body;
  EXPECT_EQ(error_fields(reopen), Names{"status"});
  EXPECT_EQ(text(ticket(id), "status"), "closed");
  EXPECT_EQ(patch("/api/v1/tickets/" + id, json::object{{"type", "refund"}}).status, 200) << "other fields still change";

  auto f = post("/api/v1/tickets/" + id + "/follow-up", json::object{{"description", "It happened again"}});
  ASSERT_EQ(f.status, 201) << f.body;
  const json::value follow = f.json();
  EXPECT_EQ(text(follow, "follow_up_of"), id);
  EXPECT_EQ(text(follow, "subject"), "Refund please");
  EXPECT_EQ(text(follow, "priority"), "high");
  EXPECT_EQ(text(follow, "requester_id"), contact);
  EXPECT_EQ(text(follow, "team_id"), east_);
  EXPECT_EQ(text(follow, "status"), "new");
  EXPECT_EQ(text(follow, "description"), "It happened again");
  EXPECT_EQ(follow.at("number").as_int64(), number_of(id) + 1);
  EXPECT_EQ(f.header("location"), "/api/v1/tickets/" + text(follow, "id"));
  // The link is set once.
  auto relink = patch("/api/v1/tickets/" + text(follow, "id"), json::object{{"follow_up_of", nullptr}});
  EXPECT_EQ(relink.status, 422) << relink.body;
  EXPECT_EQ(error_fields(relink), Names{"follow_up_of"});
  // An idempotent retry answers the same follow-up.
  auto k1 = post("/api/v1/tickets/" + id + "/follow-up", json::object{}, {{"Idempotency-Key", "follow-" + random_suffix()}});
  ASSERT_EQ(k1.status, 201) << k1.body;
  // History: created, then closed, then retyped.
  auto h = get("/api/v1/tickets/" + id + "/history");
  ASSERT_EQ(h.status, 200) << h.body;
  EXPECT_EQ(data_of(h).size(), 3u) << h.body;
  auto missing = post("/api/v1/tickets/01900000-0000-7000-8000-00000000f00d/follow-up", json::object{});
  EXPECT_EQ(missing.status, 404) << missing.body;
}

TEST_F(SupportTickets, RepliesAndNotesFormTheConversation) {
  const std::string id = create("tickets", json::object{{"subject", "Where is my order"}, {"team_id", east_}});
  const std::string path = "/api/v1/tickets/" + id + "/messages";
  EXPECT_TRUE(ticket(id).at("first_response_at").is_null());
  auto note = post(path, json::object{{"kind", "note"}, {"body", "Checking with the warehouse"}});
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_EQ(text(note.json(), "kind"), "note");
  EXPECT_TRUE(ticket(id).at("first_response_at").is_null()) << "a note is no response";
  auto reply = post(path, json::object{{"kind", "reply"}, {"body", "It ships tomorrow"}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  const json::value first = ticket(id);
  EXPECT_EQ(text(first, "first_response_at"), text(reply.json(), "created_at"));
  EXPECT_EQ(first.at("version").as_int64(), 2);
  ASSERT_EQ(post(path, json::object{{"kind", "reply"}, {"body", "Shipped"}}).status, 201);
  EXPECT_EQ(text(ticket(id), "first_response_at"), text(first, "first_response_at")) << "the first reply only";
  // Oldest first, in pages.
  auto page = get(path + "?limit=2");
  ASSERT_EQ(page.status, 200) << page.body;
  ASSERT_EQ(data_of(page).size(), 2u);
  EXPECT_EQ(text(data_of(page)[0], "body"), "Checking with the warehouse");
  EXPECT_EQ(text(data_of(page)[1], "body"), "It ships tomorrow");
  auto rest = get(path + "?limit=2&cursor=" + text(page.json(), "next_cursor"));
  ASSERT_EQ(data_of(rest).size(), 1u);
  EXPECT_EQ(text(data_of(rest)[0], "body"), "Shipped");
  EXPECT_TRUE(rest.json().at("next_cursor").is_null());
  EXPECT_EQ(get(path + "?cursor=nonsense").status, 400);
  // The ticket's history holds the messages.
  Names actions;
  for (const auto& e : data_of(get("/api/v1/tickets/" + id + "/history"))) actions.push_back(text(e, "action"));
  EXPECT_EQ(actions, (Names{"reply", "reply", "note", "create"})) << "newest first";
  // Bad messages store nothing.
  auto bad = post(path, json::object{{"kind", "shout"}, {"body", ""}, {"to", "x"}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  auto fields = error_fields(bad);
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (Names{"body", "kind", "to"}));
  EXPECT_EQ(post(path, json::object{{"body", std::string(support::kMaxMessageBody + 1, 'x')}, {"kind", "note"}}).status, 422);
  EXPECT_EQ(data_of(get(path)).size(), 3u);
  // Who may write: the team's agent yes, another team's agent and a read-only user no.
  json::value agent_note = json::object{{"kind", "note"}, {"body", "from the agent"}};
  EXPECT_EQ(as("agent_east", "POST", path, &agent_note).status, 201);
  EXPECT_EQ(as("agent_west", "POST", path, &agent_note).status, 404);
  EXPECT_EQ(as("agent_west", "GET", path).status, 404);
  EXPECT_EQ(as("reader", "POST", path, &agent_note).status, 403);
  EXPECT_EQ(as("reader", "GET", path).status, 200);
  EXPECT_EQ(data_of(get(path)).size(), 4u);
}

TEST_F(SupportTickets, AgentsReachTheirTeamsTicketsOnly) {
  const std::string east_ticket = create("tickets", json::object{{"subject", unique_name("East queue ")}, {"team_id", east_}});
  // The East agent reads, lists and works on it.
  EXPECT_EQ(as("agent_east", "GET", "/api/v1/tickets/" + east_ticket).status, 200);
  json::value open = json::object{{"status", "open"}, {"assignee_id", m("agent_east").id}};
  auto work = as("agent_east", "PATCH", "/api/v1/tickets/" + east_ticket, &open);
  EXPECT_EQ(work.status, 200) << work.body;
  bool listed = false;
  for (const auto& row : data_of(as("agent_east", "GET", "/api/v1/tickets?limit=500"))) listed |= text(row, "id") == east_ticket;
  EXPECT_TRUE(listed);
  // The West agent: no such ticket, whatever the route.
  EXPECT_EQ(as("agent_west", "GET", "/api/v1/tickets/" + east_ticket).status, 404);
  json::value hijack = json::object{{"subject", "hijack"}};
  EXPECT_EQ(as("agent_west", "PATCH", "/api/v1/tickets/" + east_ticket, &hijack).status, 404);
  EXPECT_EQ(as("agent_west", "GET", "/api/v1/tickets/" + east_ticket + "/history").status, 404);
  EXPECT_EQ(as("agent_west", "POST", "/api/v1/tickets/" + east_ticket + "/follow-up", &hijack).status, 404);
  auto west_list = as("agent_west", "GET", "/api/v1/tickets?limit=500");
  ASSERT_EQ(west_list.status, 200);
  EXPECT_EQ(west_list.body.find(east_ticket), std::string::npos);
  // Moving a ticket to the West queue hands it over.
  json::value move = json::object{{"team_id", west_}, {"assignee_id", nullptr}};
  ASSERT_EQ(patch("/api/v1/tickets/" + east_ticket, move).status, 200);
  EXPECT_EQ(as("agent_west", "GET", "/api/v1/tickets/" + east_ticket).status, 200);
  EXPECT_EQ(as("agent_east", "GET", "/api/v1/tickets/" + east_ticket).status, 404);
  // Agents create tickets in their queue; deal amounts stay hidden from them.
  json::value mine = json::object{{"subject", "Raised by an agent"}, {"team_id", west_}};
  EXPECT_EQ(as("agent_west", "POST", "/api/v1/tickets", &mine).status, 201);
  const json::value me = as("agent_west", "GET", "/api/v1/auth/me").json();
  EXPECT_EQ(text(me.at("grants").at("permissions").at("tickets"), "read"), "team");
  // A read-only user reads tickets and changes none.
  EXPECT_EQ(as("reader", "GET", "/api/v1/tickets/" + east_ticket).status, 200);
  EXPECT_EQ(as("reader", "PATCH", "/api/v1/tickets/" + east_ticket, &hijack).status, 403);
  EXPECT_EQ(as("reader", "POST", "/api/v1/tickets", &mine).status, 403);
  EXPECT_EQ(text(ticket(east_ticket), "subject").rfind("East queue ", 0), 0u);
}

}  // namespace
}  // namespace rapport::testing
