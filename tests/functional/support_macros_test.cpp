// Macros (src/modules/support/macro*): saved with their merge fields checked, shared (admins) or
// personal (their owner's alone), and applied to a ticket in one transaction: the field changes
// as a PATCH makes them, tags added and removed regardless of case, the message rendered with the
// ticket's values and posted through the messages service, If-Match honoured, the history told
// which macro it was; a refused part leaves nothing behind.
#include "access_fixture.hpp"

namespace rapport::testing {
namespace {

using Names = std::vector<std::string>;

class SupportMacros : public Access {
 protected:
  static void SetUpTestSuite() {
    Access::SetUpTestSuite();
    add_member("agent_east", "support_agent", {json::value(east_)});
    add_member("agent_west", "support_agent", {json::value(west_)});
  }

  json::value ticket(const std::string& id) { return get("/api/v1/tickets/" + id).json(); }
  std::size_t messages(const std::string& id) { return data_of(get("/api/v1/tickets/" + id + "/messages?limit=500")).size(); }
  HttpResponse apply(const std::string& who, const std::string& ticket_id, const std::string& macro_id,
                     std::vector<std::pair<std::string, std::string>> headers = {}) {
    json::value body = json::object{{"macro_id", macro_id}};
    return as(who, "POST", "/api/v1/tickets/" + ticket_id + "/apply-macro", &body, std::move(headers));
  }
};

TEST_F(SupportMacros, ApplyingChangesTheTicketAndPostsTheRenderedMessage) {
  const std::string contact = create("contacts", json::object{{"first_name", "Ada"}, {"last_name", unique_name("Requester ")}});
  auto saved = post("/api/v1/macros", json::object{{"name", unique_name("Refund done ")},
                                                   {"kind", "reply"},
                                                   {"shared", true},
                                                   {"body", "Hello {{contact.first_name}}, ticket #{{ticket.number}} is {{ticket.status}}."},
                                                   {"changes", json::object{{"status", "solved"}, {"priority", "low"},
                                                                            {"add_tags", json::array{"refund"}},
                                                                            {"remove_tags", json::array{"URGENT"}}}}});
  ASSERT_EQ(saved.status, 201) << saved.body;
  const std::string macro = text(saved.json(), "id");
  EXPECT_TRUE(saved.json().at("shared").as_bool());
  EXPECT_EQ(saved.header("location"), "/api/v1/macros/" + macro);
  const std::string id = create("tickets", json::object{{"subject", "Refund please"}, {"requester_id", contact}, {"team_id", east_},
                                                        {"tags", json::array{"Urgent", "vip"}}});
  const json::value before = ticket(id);

  auto r = apply("agent_east", id, macro);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value after = r.json().at("ticket");
  EXPECT_EQ(text(after, "status"), "solved");
  EXPECT_EQ(text(after, "priority"), "low");
  EXPECT_EQ(after.at("tags"), (json::array{"vip", "refund"}));
  const json::value message = r.json().at("message");
  EXPECT_EQ(text(message, "kind"), "reply");
  std::string expected = "Hello Ada, ticket #";
  expected += std::to_string(before.at("number").as_int64());
  expected += " is solved.";
  EXPECT_EQ(text(message, "body"), expected)
      << "rendered with the ticket as changed";
  EXPECT_EQ(text(after, "first_response_at"), text(message, "created_at")) << "a reply is the first response";
  std::string etag = "\"";  // built with += (GCC 12's false -Wstringop-overflow)
  etag += std::to_string(after.at("version").as_int64());
  etag += "\"";
  EXPECT_EQ(r.header("etag"), etag);
  EXPECT_EQ(ticket(id), after);
  EXPECT_EQ(messages(id), 1u);
  Names actions;
  for (const auto& e : data_of(get("/api/v1/tickets/" + id + "/history"))) actions.push_back(text(e, "action"));
  EXPECT_EQ(actions, (Names{"macro", "update", "reply", "create"})) << "newest first";

  // A stale If-Match changes nothing.
  auto stale = apply("agent_east", id, macro, {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  EXPECT_EQ(messages(id), 1u);
  auto current = apply("agent_east", id, macro, {{"If-Match", r.header("etag")}});
  EXPECT_EQ(current.status, 200) << current.body;
  EXPECT_EQ(messages(id), 2u);
}

TEST_F(SupportMacros, ARefusedChangeLeavesNoMessage) {
  auto saved = post("/api/v1/macros", json::object{{"name", unique_name("Reopen ")}, {"kind", "note"}, {"body", "Reopening"},
                                                   {"changes", json::object{{"status", "open"}}}});
  ASSERT_EQ(saved.status, 201) << saved.body;
  EXPECT_FALSE(saved.json().at("shared").as_bool()) << "personal unless said otherwise";
  const std::string id = create("tickets", json::object{{"subject", "Closed for good"}});
  ASSERT_EQ(patch("/api/v1/tickets/" + id, json::object{{"status", "closed"}}).status, 200);
  const json::value before = ticket(id);
  json::value body = json::object{{"macro_id", text(saved.json(), "id")}};
  auto r = post("/api/v1/tickets/" + id + "/apply-macro", body);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_fields(r), Names{"status"});
  EXPECT_EQ(messages(id), 0u);
  EXPECT_EQ(ticket(id), before);
  // A note-only macro on the same ticket: a note, no first response.
  auto note = post("/api/v1/macros", json::object{{"name", unique_name("Note ")}, {"kind", "note"}, {"body", "Looked at it"}});
  ASSERT_EQ(note.status, 201) << note.body;
  auto noted = post("/api/v1/tickets/" + id + "/apply-macro", json::object{{"macro_id", text(note.json(), "id")}});
  ASSERT_EQ(noted.status, 200) << noted.body;
  EXPECT_EQ(text(noted.json().at("message"), "kind"), "note");
  EXPECT_TRUE(noted.json().at("ticket").at("first_response_at").is_null());
  // A body: only macro_id.
  EXPECT_EQ(post("/api/v1/tickets/" + id + "/apply-macro", json::object{{"macro_id", "nope"}}).status, 422);
  EXPECT_EQ(post("/api/v1/tickets/" + id + "/apply-macro", json::object{{"macro_id", "01900000-0000-7000-8000-00000000dead"}}).status, 422);
}

// A macro that hands the ticket to another team: the agent's note is posted, then the ticket leaves
// their queue.
TEST_F(SupportMacros, AHandOverToAnotherTeamStillPostsTheNote) {
  json::value body = json::object{{"name", unique_name("To West ")}, {"kind", "note"}, {"body", "Over to West: {{ticket.subject}}"},
                                  {"changes", json::object{{"team_id", west_}, {"assignee_id", nullptr}, {"add_tags", json::array{"escalated"}}}}};
  auto saved = as("agent_east", "POST", "/api/v1/macros", &body);
  ASSERT_EQ(saved.status, 201) << saved.body;
  const std::string id = create("tickets", json::object{{"subject", "Needs West"}, {"team_id", east_}, {"assignee_id", m("agent_east").id}});
  auto r = apply("agent_east", id, text(saved.json(), "id"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(text(r.json().at("message"), "body"), "Over to West: Needs West");
  EXPECT_EQ(text(r.json().at("ticket"), "team_id"), west_);
  EXPECT_TRUE(r.json().at("ticket").at("assignee_id").is_null());
  EXPECT_EQ(as("agent_east", "GET", "/api/v1/tickets/" + id).status, 404) << "out of their queue now";
  EXPECT_EQ(as("agent_west", "GET", "/api/v1/tickets/" + id).status, 200);
  EXPECT_EQ(messages(id), 1u);
}

TEST_F(SupportMacros, MergeFieldsAssigneeAndTeamAreCheckedWhenSaved) {
  auto bad = post("/api/v1/macros", json::object{{"name", "Bad"}, {"kind", "reply"}, {"body", "Hi {{contact.shoe_size}} {{deal.name}}"},
                                                 {"changes", json::object{{"team_id", "01900000-0000-7000-8000-00000000dead"},
                                                                          {"assignee_id", "01900000-0000-7000-8000-00000000beef"}}}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  auto fields = error_fields(bad);
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (Names{"body", "changes.assignee_id", "changes.team_id"})) << bad.body;
  auto unclosed = post("/api/v1/macros", json::object{{"name", "Bad"}, {"kind", "reply"}, {"body", "Hi {{ticket.subject"}});
  EXPECT_EQ(unclosed.status, 422);
  EXPECT_EQ(error_fields(unclosed), Names{"body"});
  auto ok = post("/api/v1/macros", json::object{{"name", "Good"}, {"kind", "reply"}, {"body", "{{ticket.subject}} for {{company.name}}"},
                                                {"changes", json::object{{"team_id", west_}, {"assignee_id", m("agent_west").id}}}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  // A change is checked again, If-Match honoured.
  const std::string path = "/api/v1/macros/" + text(ok.json(), "id");
  EXPECT_EQ(patch(path, json::object{{"body", "{{ticket.nothing}}"}}).status, 422);
  EXPECT_EQ(patch(path, json::object{{"name", "Renamed"}}, {{"If-Match", "\"7\""}}).status, 412);
  auto renamed = patch(path, json::object{{"name", "Renamed"}}, {{"If-Match", "\"1\""}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json().at("version").as_int64(), 2);
  EXPECT_EQ(del(path).status, 204);
  EXPECT_EQ(get(path).status, 404);
}

TEST_F(SupportMacros, SharedMacrosAreTheAdminsAndPersonalOnesTheirOwners) {
  auto shared = post("/api/v1/macros", json::object{{"name", unique_name("Shared ")}, {"kind", "note"}, {"body", "From the team"}, {"shared", true}});
  ASSERT_EQ(shared.status, 201) << shared.body;
  const std::string shared_path = "/api/v1/macros/" + text(shared.json(), "id");
  json::value mine_body = json::object{{"name", unique_name("Mine ")}, {"kind", "note"}, {"body", "My own words"}};
  auto mine = as("agent_east", "POST", "/api/v1/macros", &mine_body);
  ASSERT_EQ(mine.status, 201) << mine.body;
  const std::string mine_id = text(mine.json(), "id");
  const std::string mine_path = "/api/v1/macros/" + mine_id;
  EXPECT_EQ(text(mine.json(), "owner_id"), m("agent_east").id);

  // Agents: read shared ones, cannot change them, cannot make them.
  EXPECT_EQ(as("agent_east", "GET", shared_path).status, 200);
  json::value rename = json::object{{"name", "hijack"}};
  EXPECT_EQ(as("agent_east", "PATCH", shared_path, &rename).status, 403);
  EXPECT_EQ(as("agent_east", "DELETE", shared_path).status, 403);
  json::value share = json::object{{"name", "x"}, {"kind", "note"}, {"body", "x"}, {"shared", true}};
  EXPECT_EQ(as("agent_east", "POST", "/api/v1/macros", &share).status, 403);
  json::value share_mine = json::object{{"shared", true}};
  EXPECT_EQ(as("agent_east", "PATCH", mine_path, &share_mine).status, 403);
  // A personal macro is its owner's: another agent and the admin do not see it.
  EXPECT_EQ(as("agent_east", "PATCH", mine_path, &rename).status, 200);
  EXPECT_EQ(as("agent_west", "GET", mine_path).status, 404);
  EXPECT_EQ(get(mine_path).status, 404);
  EXPECT_EQ(patch(mine_path, rename).status, 404);
  auto west_list = as("agent_west", "GET", "/api/v1/macros");
  ASSERT_EQ(west_list.status, 200);
  EXPECT_EQ(west_list.body.find(mine_id), std::string::npos);
  EXPECT_NE(west_list.body.find(text(shared.json(), "id")), std::string::npos);
  // Applying: the owner yes; another agent's personal macro is no macro of theirs.
  const std::string west_ticket = create("tickets", json::object{{"subject", "West work"}, {"team_id", west_}});
  EXPECT_EQ(apply("agent_west", west_ticket, mine_id).status, 422);
  EXPECT_EQ(apply("agent_west", west_ticket, text(shared.json(), "id")).status, 200);
  const std::string east_ticket = create("tickets", json::object{{"subject", "East work"}, {"team_id", east_}});
  EXPECT_EQ(apply("agent_east", east_ticket, mine_id).status, 200);
  // A ticket outside the caller's teams is 404 whatever the macro; a read-only user cannot apply (403).
  EXPECT_EQ(apply("agent_west", east_ticket, text(shared.json(), "id")).status, 404);
  EXPECT_EQ(apply("reader", east_ticket, text(shared.json(), "id")).status, 403);
  EXPECT_EQ(apply("reader", east_ticket, "nonsense").status, 403) << "who may write comes before the body";
  json::value reader_macro = json::object{{"name", "x"}, {"kind", "note"}, {"body", "x"}};
  EXPECT_EQ(as("reader", "POST", "/api/v1/macros", &reader_macro).status, 403);
  EXPECT_EQ(messages(east_ticket), 1u);
  EXPECT_EQ(as("agent_east", "DELETE", mine_path).status, 204);
}

}  // namespace
}  // namespace rapport::testing
