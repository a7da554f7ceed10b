// Pipelines, stages, deals and the board: creating and changing pipelines never loses deals, deals
// follow their pipeline's rules, moves keep the board order and the stage history.
#include "platform/ids.hpp"
#include "sales_helpers.hpp"

namespace rapport::testing {
namespace {

using Names = std::vector<std::string>;

TEST_F(Sales, PipelineInputIsValidated) {
  json::value no_open = json::object{{"name", unique_name("Bad ")}, {"stages", json::array{json::object{{"name", "Won"}, {"type", "won"}}}}};
  auto r = post("/api/v1/pipelines", no_open);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_fields(r), Names{"stages"});
  json::value bad = json::object{{"name", ""},
                                 {"stages", json::array{json::object{{"name", "A"}, {"type", "open"}, {"probability", 101}},
                                                        json::object{{"name", "a"}, {"type", "maybe"}},
                                                        json::object{{"type", "open"}}}}};
  auto b = post("/api/v1/pipelines", bad);
  EXPECT_EQ(b.status, 422) << b.body;
  auto fields = error_fields(b);
  for (const char* f : {"name", "stages.0.probability", "stages.1.type", "stages.1.name", "stages.2.name"})
    EXPECT_TRUE(std::find(fields.begin(), fields.end(), f) != fields.end()) << f << " in " << b.body;
  std::string name = unique_name("Twice ");
  make_pipeline(name);
  json::value dup = json::object{{"name", name}, {"stages", json::array{json::object{{"name", "Open"}, {"type", "open"}}}}};
  EXPECT_EQ(post("/api/v1/pipelines", dup).status, 409);
}

TEST_F(Sales, DealsFollowTheirPipelinesRules) {
  auto p = make_pipeline(unique_name("Rules "));
  auto other = make_pipeline(unique_name("Other "));
  // A new deal starts in the first open stage.
  std::string id = make_deal(p, "Starter");
  auto d = get("/api/v1/deals/" + id);
  EXPECT_EQ(text(d.json(), "stage_id"), p.qualify);
  EXPECT_TRUE(d.json().at("closed_at").is_null());
  // A stage of another pipeline, won without a close date, lost without a reason: 422, no change.
  json::value wrong = json::object{{"name", "Wrong"}, {"pipeline_id", p.id}, {"stage_id", other.qualify}};
  auto w = post("/api/v1/deals", wrong);
  EXPECT_EQ(w.status, 422) << w.body;
  EXPECT_EQ(error_fields(w), Names{"stage_id"});
  json::value won = json::object{{"stage_id", p.won}};
  auto wn = patch("/api/v1/deals/" + id, won);
  EXPECT_EQ(wn.status, 422) << wn.body;
  EXPECT_EQ(error_fields(wn), Names{"expected_close_date"});
  json::value lost = json::object{{"stage_id", p.lost}, {"expected_close_date", "2026-12-01"}};
  auto ls = patch("/api/v1/deals/" + id, lost);
  EXPECT_EQ(error_fields(ls), Names{"lost_reason"});
  EXPECT_EQ(get("/api/v1/deals/" + id).json().at("version").as_int64(), 1);
  json::value no_currency = json::object{{"amount", 1000}};
  EXPECT_EQ(error_fields(patch("/api/v1/deals/" + id, no_currency)), Names{"currency"});
  json::value negative = json::object{{"amount", -5}, {"currency", "EUR"}};
  EXPECT_EQ(patch("/api/v1/deals/" + id, negative).status, 422);
  json::value odd = json::object{{"amount", 5}, {"currency", "XYZ"}};
  EXPECT_EQ(patch("/api/v1/deals/" + id, odd).status, 422);
  // Won with its close date: closed_at is set; back to an open stage clears it.
  json::value win = json::object{{"stage_id", p.won}, {"expected_close_date", "2026-12-01"}};
  auto ok = patch("/api/v1/deals/" + id, win);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(ok.json().at("closed_at").is_string());
  json::value reopen = json::object{{"stage_id", p.propose}};
  EXPECT_TRUE(patch("/api/v1/deals/" + id, reopen).json().at("closed_at").is_null());
  // Every stage it went through is in its stage history, with who and when.
  auto h = get("/api/v1/deals/" + id + "/stage-history");
  ASSERT_EQ(h.status, 200) << h.body;
  Names path;
  for (const auto& e : data_of(h)) path.push_back(text(e, "to_stage_name"));
  EXPECT_EQ(path, (Names{"Qualify", "Won", "Propose"}));
  EXPECT_FALSE(text(data_of(h)[1], "changed_by").empty());
}

TEST_F(Sales, TheBoardKeepsItsOrderThroughMoves) {
  auto p = make_pipeline(unique_name("Board "));
  std::string a = make_deal(p, "A"), b = make_deal(p, "B"), c = make_deal(p, "C");
  EXPECT_EQ(columns(p)[0], (Names{"C", "B", "A"})) << "new deals go to the top of their column";
  ASSERT_EQ(move(a, p.qualify, "", c).status, 200);  // A above C
  EXPECT_EQ(columns(p)[0], (Names{"A", "C", "B"}));
  ASSERT_EQ(move(a, p.qualify, b).status, 200);  // A below B
  EXPECT_EQ(columns(p)[0], (Names{"C", "B", "A"}));
  ASSERT_EQ(move(b, p.propose).status, 200);  // to the top of another column
  auto cols = columns(p);
  EXPECT_EQ(cols[0], (Names{"C", "A"}));
  EXPECT_EQ(cols[1], (Names{"B"}));
  // Sixty moves into the same gap exhaust its precision; the column is spaced again, order intact.
  for (int i = 0; i < 60; ++i) {
    auto r = move(i % 2 ? a : c, p.qualify, "", i % 2 ? c : a);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  EXPECT_EQ(columns(p)[0].size(), 2u);
  // Refused: a neighbour in another column, the deal itself, both neighbours, a stage of another pipeline.
  EXPECT_EQ(move(a, p.qualify, b).status, 422);
  EXPECT_EQ(move(a, p.qualify, a).status, 422);
  json::value both = json::object{{"stage_id", p.qualify}, {"after_id", c}, {"before_id", c}};
  EXPECT_EQ(post("/api/v1/deals/" + a + "/move", both).status, 422);
  auto other = make_pipeline(unique_name("Elsewhere "));
  EXPECT_EQ(move(a, other.qualify).status, 422);
  auto history = data_of(get("/api/v1/deals/" + b + "/stage-history"));
  EXPECT_EQ(history.size(), 2u);
}

TEST_F(Sales, BoardColumnsPageWithACursor) {
  auto p = make_pipeline(unique_name("Paging "));
  for (int i = 0; i < 7; ++i) {
    std::string name = "P";
    name += std::to_string(i);
    make_deal(p, name);
  }
  auto first = get("/api/v1/pipelines/" + p.id + "/board?limit=3&totals=true");
  ASSERT_EQ(first.status, 200) << first.body;
  auto col = first.json().at("stages").as_array()[0];
  EXPECT_EQ(col.at("deals").as_array().size(), 3u);
  EXPECT_EQ(col.at("count").as_int64(), 7);
  Names seen;
  std::string cursor = text(col, "next_cursor");
  for (const auto& d : col.at("deals").as_array()) seen.push_back(text(d, "name"));
  while (!cursor.empty()) {
    auto next = get("/api/v1/pipelines/" + p.id + "/board?limit=3&stage_id=" + p.qualify + "&cursor=" + cursor);
    ASSERT_EQ(next.status, 200) << next.body;
    auto c2 = next.json().at("stages").as_array()[0];
    for (const auto& d : c2.at("deals").as_array()) seen.push_back(text(d, "name"));
    cursor = text(c2, "next_cursor");
  }
  EXPECT_EQ(seen, (Names{"P6", "P5", "P4", "P3", "P2", "P1", "P0"}));
  EXPECT_EQ(get("/api/v1/pipelines/" + p.id + "/board?cursor=abc").status, 400);
  // A column's cursor holds a rank for that column only: a text rank, or another column's cursor, is
  // a 400 on both engines (PostgreSQL once failed the statement on the text: a 500).
  auto board_page = [&](const std::string& stage, const json::object& c) {
    return get("/api/v1/pipelines/" + p.id + "/board?stage_id=" + stage + "&cursor=" +
               ids::base64url_encode(json::serialize(c)));
  };
  const std::string some_id = ids::uuid_v7();
  EXPECT_EQ(board_page(p.qualify, {{"s", "board_rank:" + p.qualify}, {"v", "abc"}, {"i", some_id}}).status, 400);
  EXPECT_EQ(board_page(p.propose, {{"s", "board_rank:" + p.qualify}, {"v", 1.5}, {"i", some_id}}).status, 400);
  EXPECT_EQ(board_page(p.qualify, {{"s", "board_rank:" + p.qualify}, {"v", 1.5}, {"i", some_id}}).status, 200);
}

TEST_F(Sales, StagesChangeWithoutLosingDeals) {
  auto p = make_pipeline(unique_name("Change "));
  std::string a = make_deal(p, "Kept A"), b = make_deal(p, "Kept B");
  // Rename and reorder: the list names every current stage.
  json::value reorder = json::object{{"stages", json::array{json::object{{"id", p.propose}, {"name", "Proposal"}, {"probability", 70}, {"type", "open"}},
                                                            json::object{{"id", p.qualify}, {"name", "Qualify"}, {"probability", 10}, {"type", "open"}},
                                                            json::object{{"id", p.won}, {"name", "Won"}, {"type", "won"}},
                                                            json::object{{"id", p.lost}, {"name", "Lost"}, {"type", "lost"}},
                                                            json::object{{"name", "Negotiate"}, {"probability", 80}, {"type", "open"}}}}};
  auto r = patch("/api/v1/pipelines/" + p.id, reorder);
  ASSERT_EQ(r.status, 200) << r.body;
  auto stages = r.json().at("stages").as_array();
  ASSERT_EQ(stages.size(), 5u);
  EXPECT_EQ(text(stages[0], "name"), "Proposal");
  EXPECT_EQ(columns(p)[1], (Names{"Kept B", "Kept A"}));
  // Leaving a stage out is refused; so is removing one with deals without a target.
  json::value missing = json::object{{"stages", json::array{json::object{{"id", p.qualify}, {"name", "Qualify"}, {"type", "open"}}}}};
  EXPECT_EQ(patch("/api/v1/pipelines/" + p.id, missing).status, 422);
  auto refused = del("/api/v1/pipelines/" + p.id + "/stages/" + p.qualify);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(columns(p)[1].size(), 2u);
  EXPECT_EQ(del("/api/v1/pipelines/" + p.id + "/stages/" + p.qualify + "?move_to=" + p.qualify).status, 422);
  ASSERT_EQ(del("/api/v1/pipelines/" + p.id + "/stages/" + p.qualify + "?move_to=" + p.propose).status, 204);
  auto after = get("/api/v1/pipelines/" + p.id).json().at("stages").as_array();
  EXPECT_EQ(after.size(), 4u);
  EXPECT_EQ(text(get("/api/v1/deals/" + a).json(), "stage_id"), p.propose);
  EXPECT_EQ(text(data_of(get("/api/v1/deals/" + b + "/stage-history")).back(), "to_stage_id"), p.propose);
  // A pipeline with deals is not archived.
  EXPECT_EQ(del("/api/v1/pipelines/" + p.id).status, 409);
}

TEST_F(Sales, ProductsAndLeadsAreRecords) {
  std::string sku = unique_name("SKU-");
  json::value product = json::object{{"sku", sku}, {"name", "Seat"}, {"unit_price", 4900}, {"currency", "eur"}};
  auto p = post("/api/v1/products", product);
  ASSERT_EQ(p.status, 201) << p.body;
  EXPECT_EQ(text(p.json(), "currency"), "EUR");
  EXPECT_TRUE(p.json().at("active").as_bool());
  json::value same = json::object{{"sku", sku}, {"name", "Seat again"}, {"unit_price", 1}, {"currency", "EUR"}};
  EXPECT_EQ(post("/api/v1/products", same).status, 409);
  json::value negative = json::object{{"sku", unique_name("N-")}, {"name", "Bad"}, {"unit_price", -1}, {"currency", "EUR"}};
  EXPECT_EQ(post("/api/v1/products", negative).status, 422);

  std::string lead = create("leads", json::object{{"first_name", "Lee"}, {"company_name", "Leadco"}, {"email", "lee@leadco.example"}});
  auto l = get("/api/v1/leads/" + lead);
  EXPECT_EQ(text(l.json(), "status"), "new");
  json::value disqualify = json::object{{"status", "unqualified"}};
  auto d = patch("/api/v1/leads/" + lead, disqualify);
  EXPECT_EQ(d.status, 422);
  EXPECT_EQ(error_fields(d), Names{"status_reason"});
  json::value with_reason = json::object{{"status", "unqualified"}, {"status_reason", "No budget this year"}};
  EXPECT_EQ(patch("/api/v1/leads/" + lead, with_reason).status, 200);
  json::value forged = json::object{{"converted_contact_id", lead}};
  EXPECT_EQ(patch("/api/v1/leads/" + lead, forged).status, 422);
  auto list = get("/api/v1/leads?filter[status][eq]=unqualified");
  EXPECT_EQ(list.status, 200);
  EXPECT_NE(list.body.find(lead), std::string::npos);
}

}  // namespace
}  // namespace rapport::testing

namespace rapport::testing {
namespace {

TEST_F(Sales, DealsNameTheirContactsAndTheirRoles) {
  auto p = make_pipeline(unique_name("People "));
  std::string ann = create("contacts", json::object{{"last_name", unique_name("Ann")}});
  std::string bob = create("contacts", json::object{{"last_name", unique_name("Bob")}});
  json::array people{json::object{{"contact_id", ann}, {"role", "champion"}}, json::object{{"contact_id", bob}}};
  std::string id = make_deal(p, "With people", json::object{{"contacts", people}});
  auto d = get("/api/v1/deals/" + id).json();
  ASSERT_EQ(d.at("contacts").as_array().size(), 2u) << json::serialize(d);
  auto bad_role = patch("/api/v1/deals/" + id, json::object{{"contacts", json::array{json::object{{"contact_id", ann}, {"role", "boss"}}}}});
  EXPECT_EQ(bad_role.status, 422) << bad_role.body;
  auto unknown = patch("/api/v1/deals/" + id, json::object{{"contacts", json::array{json::object{{"contact_id", p.id}}}}});
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(get("/api/v1/deals/" + id).json().at("contacts").as_array().size(), 2u) << "refusals change nothing";
  auto one = patch("/api/v1/deals/" + id, json::object{{"contacts", json::array{json::object{{"contact_id", bob}, {"role", "decision_maker"}}}}});
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json().at("contacts"), (json::array{json::object{{"contact_id", bob}, {"role", "decision_maker"}}}));
}

TEST_F(Sales, SupportAgentsDoNotSeeDealAmounts) {
  auto p = make_pipeline(unique_name("Hidden "));
  std::string id = make_deal(p, "Secret size", json::object{{"amount", 987654321}, {"currency", "EUR"}});
  std::string email = unique_name("agent-");
  email += "@sales.test";
  auto user = post("/api/v1/users", json::object{{"email", email}, {"password", "agent-password-123"}, {"role", "support_agent"}});
  ASSERT_EQ(user.status, 201) << user.body;
  HttpClient c(server().port());
  std::string agent = login(c, email, "agent-password-123");
  auto got = c.call("GET", "/api/v1/deals/" + id, agent);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_FALSE(got.json().as_object().contains("amount"));
  auto board = c.call("GET", "/api/v1/pipelines/" + p.id + "/board?totals=true", agent);
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_EQ(board.body.find("987654321"), std::string::npos) << board.body;
  EXPECT_EQ(board.body.find("amount"), std::string::npos) << board.body;
  EXPECT_EQ(c.call("GET", "/api/v1/deals?sort=-amount", agent).status, 403);
  EXPECT_EQ(c.call("GET", "/api/v1/deals/" + id + "/line-items", agent).status, 403);
  auto history = c.call("GET", "/api/v1/deals/" + id + "/history", agent);
  EXPECT_EQ(history.body.find("987654321"), std::string::npos);
  json::value move = json::object{{"stage_id", p.propose}};
  EXPECT_EQ(c.call("POST", "/api/v1/deals/" + id + "/move", agent, &move).status, 403) << "support agents read deals only";
}

}  // namespace
}  // namespace rapport::testing
