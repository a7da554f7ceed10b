// Moving a deal on the board with the fields a won or lost stage needs (one request, one change),
// under the same validation and field rules as PATCH.
#include "sales_helpers.hpp"

namespace rapport::testing {
namespace {

using Names = std::vector<std::string>;

int64_t count_rows(const std::string& data_dir, const std::string& sql, const std::string& id) {
  auto rows = query_database(data_dir, sql, {id});
  return rows.empty() ? -1 : std::stoll(rows[0][0]);
}

TEST_F(Sales, AMoveCarriesTheCloseDateAndTheLostReason) {
  auto p = make_pipeline(unique_name("Drag "));
  std::string id = make_deal(p, "Dragged");
  auto events = [&] { return count_rows(server().data_dir(), "SELECT count(*) FROM outbox WHERE event_type = 'deal.updated' AND object_id = ?", id); };
  auto audits = [&] { return count_rows(server().data_dir(), "SELECT count(*) FROM audit_log WHERE object_type = 'deals' AND object_id = ?", id); };
  int64_t events_before = events(), audits_before = audits();

  // Without them: 422 as before, nothing changes.
  auto bare = move(id, p.won);
  EXPECT_EQ(bare.status, 422) << bare.body;
  EXPECT_EQ(error_fields(bare), Names{"expected_close_date"});
  json::value lost_no_reason = json::object{{"stage_id", p.lost}, {"expected_close_date", "2026-11-30"}};
  auto nr = post("/api/v1/deals/" + id + "/move", lost_no_reason);
  EXPECT_EQ(nr.status, 422) << nr.body;
  EXPECT_EQ(error_fields(nr), Names{"lost_reason"});
  // Validated as PATCH validates them: a malformed date is a 422 naming it.
  json::value bad_date = json::object{{"stage_id", p.won}, {"expected_close_date", "30/11/2026"}};
  auto bd = post("/api/v1/deals/" + id + "/move", bad_date);
  EXPECT_EQ(bd.status, 422) << bd.body;
  EXPECT_EQ(error_fields(bd), Names{"expected_close_date"}) << "reported once, as malformed: " << bd.body;
  EXPECT_EQ(error_fields(patch("/api/v1/deals/" + id, bad_date)), Names{"expected_close_date"}) << "as PATCH reports it";
  auto still = get("/api/v1/deals/" + id).json();
  EXPECT_EQ(still.at("version").as_int64(), 1);
  EXPECT_EQ(text(still, "stage_id"), p.qualify);
  EXPECT_EQ(events(), events_before);
  EXPECT_EQ(audits(), audits_before);

  // With them: one request, one version, one audit entry and one event holding all three fields.
  json::value lose = json::object{{"stage_id", p.lost}, {"expected_close_date", "2026-11-30"}, {"lost_reason", "Chose a competitor"}};
  auto r = post("/api/v1/deals/" + id + "/move", lose, {{"If-Match", "\"1\""}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = r.json();
  EXPECT_EQ(text(d, "stage_id"), p.lost);
  EXPECT_EQ(text(d, "expected_close_date"), "2026-11-30");
  EXPECT_EQ(text(d, "lost_reason"), "Chose a competitor");
  EXPECT_FALSE(text(d, "closed_at").empty());
  EXPECT_EQ(d.at("version").as_int64(), 2);
  EXPECT_EQ(events(), events_before + 1);
  EXPECT_EQ(audits(), audits_before + 1);
  auto history = data_of(get("/api/v1/deals/" + id + "/history"));
  ASSERT_FALSE(history.empty());
  Names changed;
  for (const auto& c : history[0].at("changes").as_array()) changed.push_back(text(c, "field"));
  std::sort(changed.begin(), changed.end());
  EXPECT_EQ(changed, (Names{"closed_at", "expected_close_date", "lost_reason", "stage_id"}));
  auto stages = data_of(get("/api/v1/deals/" + id + "/stage-history"));
  ASSERT_FALSE(stages.empty());
  EXPECT_EQ(text(stages.back(), "to_stage_id"), p.lost);
  EXPECT_EQ(columns(p)[3], Names{"Dragged"});

  // Into the won column with a date: closed, and the reason can be cleared in the same move.
  json::value win = json::object{{"stage_id", p.won}, {"expected_close_date", "2026-12-01"}, {"lost_reason", nullptr}};
  auto w = post("/api/v1/deals/" + id + "/move", win);
  ASSERT_EQ(w.status, 200) << w.body;
  EXPECT_EQ(text(w.json(), "expected_close_date"), "2026-12-01");
  EXPECT_TRUE(w.json().at("lost_reason").is_null());
  EXPECT_EQ(w.json().at("version").as_int64(), 3);
  // Unknown keys are still refused.
  json::value odd = json::object{{"stage_id", p.won}, {"amount", 5}};
  auto o = post("/api/v1/deals/" + id + "/move", odd);
  EXPECT_EQ(o.status, 422) << o.body;
  EXPECT_EQ(error_fields(o), Names{"amount"});
}

TEST_F(Sales, AMoveObeysTheCallersFieldRules) {
  auto p = make_pipeline(unique_name("Rules "));
  std::string role = unique_name("closer_");
  json::value def = json::object{
      {"name", role},
      {"permissions", json::object{{"deals", json::object{{"read", "all"}, {"create", "all"}, {"update", "all"}}}}},
      {"field_rules", json::object{{"deals", json::object{{"lost_reason", "read_only"}, {"expected_close_date", "hidden"}}}}}};
  auto made = post("/api/v1/roles", def);
  ASSERT_EQ(made.status, 201) << made.body;
  std::string email = unique_name("closer-");
  email += "@sales.test";
  auto user = post("/api/v1/users", json::object{{"email", email}, {"password", "closer-password-123"}, {"role", role}});
  ASSERT_EQ(user.status, 201) << user.body;
  HttpClient c(server().port());
  std::string closer = login(c, email, "closer-password-123");
  std::string id = make_deal(p, "Guarded");
  json::value lose = json::object{{"stage_id", p.lost}, {"expected_close_date", "2026-11-30"}, {"lost_reason", "Too late"}};
  auto r = c.call("POST", "/api/v1/deals/" + id + "/move", closer, &lose);
  EXPECT_EQ(r.status, 403) << r.body;
  auto fields = error_fields(r);
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (Names{"expected_close_date", "lost_reason"}));
  auto d = get("/api/v1/deals/" + id).json();
  EXPECT_EQ(d.at("version").as_int64(), 1);
  EXPECT_EQ(text(d, "stage_id"), p.qualify);
  // A plain move between open stages stays allowed.
  json::value open = json::object{{"stage_id", p.propose}};
  EXPECT_EQ(c.call("POST", "/api/v1/deals/" + id + "/move", closer, &open).status, 200);
}

}  // namespace
}  // namespace rapport::testing
