// The report query on a migrated SQLite database: every group-by (field, custom field, owner, team,
// time and date buckets) and every measure (count, sum, avg, min, max, median over integer, money and
// number fields), money kept per currency, filters, sort and limit, the cost bounds and the
// definition's errors. Figures are worked out by hand from the records made here.
#include "modules/analytics/report_output.hpp"
#include "modules/analytics/report_query.hpp"

#include <gtest/gtest.h>

#include "modules/sales/sales_test_support.hpp"

namespace rapport::analytics {
namespace {
namespace json = boost::json;

using sales::testing::kUser2;
constexpr const char* kUser3 = "01890000-0000-7000-8000-0000000000cc";

class ReportQuery : public sales::testing::SalesDb {
 protected:
  sales::Pipeline p;
  std::vector<records::CustomFieldDef> custom;

  void SetUp() override {
    SalesDb::SetUp();
    exec("INSERT INTO users(id, workspace_id, email, password_hash, role, created_at, updated_at) VALUES "
         "('01890000-0000-7000-8000-0000000000bb', 'ws1', 'b@example.com', 'x', 'admin', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'), "
         "('01890000-0000-7000-8000-0000000000cc', 'ws1', 'c@example.com', 'x', 'admin', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
    exec("INSERT INTO teams(id, workspace_id, name, created_at, updated_at) VALUES ('team-a', 'ws1', 'A', 'x', 'x'), ('team-b', 'ws1', 'B', 'x', 'x')");
    // The first user is in both teams, the second in B, the third in none.
    exec("INSERT INTO team_members(workspace_id, team_id, user_id, added_at) VALUES ('ws1', 'team-a', '01890000-0000-7000-8000-0000000000aa', 'x'), "
         "('ws1', 'team-b', '01890000-0000-7000-8000-0000000000aa', 'x'), ('ws1', 'team-b', '01890000-0000-7000-8000-0000000000bb', 'x')");
    exec("INSERT INTO custom_fields(id, workspace_id, object_type, name, label, type, options, currency, created_at, updated_at) VALUES "
         "('cf1', 'ws1', 'deals', 'score', 'Score', 'number', '[]', NULL, 'x', 'x'), "
         "('cf2', 'ws1', 'deals', 'fee', 'Fee', 'money', '[]', 'EUR', 'x', 'x'), "
         "('cf3', 'ws1', 'deals', 'tier', 'Tier', 'select', '[\"gold\",\"silver\"]', NULL, 'x', 'x')");
    custom = db->read([&](db::Connection& c) { return records::load_custom_fields(c, "ws1", "deals"); });
    p = pipeline("P", {"open", "open", "won"});
    // name, stage, amount, currency, owner, created_at, expected close, score, fee, tier
    add("d1", 0, 1000, "EUR", ctx.user_id, "2026-01-15T10:00:00.000Z", "2026-02-10", 1.5, 100, "gold");
    add("d2", 0, 3001, "EUR", kUser2, "2026-03-31T22:30:00.000Z", "2026-04-01", 2.5, 200, "gold");
    add("d3", 1, 500, "USD", kUser2, "2026-04-02T08:00:00.000Z", "2026-05-20", std::nullopt, std::nullopt, "silver");
    add("d4", 1, 7000, "EUR", kUser3, "2026-07-01T12:00:00.000Z", "", 4.0, 300, "");
    add("d5", 2, std::nullopt, "", kUser3, "2026-12-31T23:59:00.000Z", "2026-12-31", std::nullopt, std::nullopt, "silver");
  }

  void add(const std::string& name, int stage, std::optional<int64_t> amount, const std::string& currency, const std::string& owner,
           const std::string& created_at, const std::string& close, std::optional<double> score, std::optional<int64_t> fee,
           const std::string& tier) {
    json::object extra{{"owner_id", owner}};
    if (amount) extra["amount"] = *amount;
    if (!currency.empty()) extra["currency"] = currency;
    if (!close.empty()) extra["expected_close_date"] = close;
    if (stage == 2) extra["expected_close_date"] = close;
    const std::string id = deal(p, p.stages[static_cast<std::size_t>(stage)], name, extra);
    json::object c;
    if (score) c["score"] = *score;
    if (fee) c["fee"] = *fee;
    if (!tier.empty()) c["tier"] = tier;
    exec("UPDATE deals SET created_at = ?, custom = ? WHERE id = ?", {created_at, json::serialize(c), id});
  }

  Result<json::object> run(const std::string& definition, const std::string& zone = "UTC") {
    json::object body = json::parse(definition).as_object();
    auto d = parse_definition(body, sales::deal_spec(), custom, ctx);
    if (!d) return d.take_problem();
    auto tz = jobs::time_zone(zone);
    return db->read([&](db::Connection& c) -> Result<json::object> {
      auto data = run_report(c, ctx, *d, custom, *tz);
      if (!data) return data.take_problem();
      return report_json(*d, *data, zone);
    });
  }

  json::object ok(const std::string& definition, const std::string& zone = "UTC") {
    auto r = run(definition, zone);
    if (!r.ok()) {
      ADD_FAILURE() << r.problem().detail;
      for (const auto& e : r.problem().errors) ADD_FAILURE() << e.field << " " << e.message;
    }
    return r.ok() ? *r : json::object{};
  }

  // "group1|group2[|currency]" -> values, from the answer's rows.
  static std::map<std::string, json::object> rows(const json::object& answer) {
    std::map<std::string, json::object> out;
    for (const auto& r : answer.at("rows").as_array()) {
      std::string key;
      for (const auto& g : r.at("groups").as_array()) {
        if (!key.empty()) key += '|';
        key += g.is_string() ? std::string(g.as_string()) : json::serialize(g);
      }
      if (const auto* c = r.as_object().if_contains("currency")) {
        if (!key.empty()) key += '|';
        key += c->is_string() ? std::string(c->as_string()) : std::string("null");
      }
      out[key] = r.at("values").as_object();
    }
    return out;
  }
};

TEST_F(ReportQuery, CountsByAFieldWithTotals) {
  auto a = ok(R"({"object": "deals", "group_by": ["stage_id"], "measures": [{"op": "count"}]})");
  auto r = rows(a);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[p.stages[0].id].at("count"), 2);
  EXPECT_EQ(r[p.stages[1].id].at("count"), 2);
  EXPECT_EQ(r[p.stages[2].id].at("count"), 1);
  EXPECT_EQ(a.at("totals").as_array()[0].at("values").at("count"), 5);
  EXPECT_EQ(a.at("series").as_array().size(), 1u);  // one group-by: one series
  EXPECT_EQ(a.at("series").as_array()[0].at("points").as_array().size(), 3u);
}

TEST_F(ReportQuery, MoneyIsSummedPerCurrencyWithEveryMeasure) {
  auto a = ok(R"({"object": "deals", "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}, {"op": "avg", "field": "amount"},
                  {"op": "min", "field": "amount"}, {"op": "max", "field": "amount"}, {"op": "median", "field": "amount"},
                  {"op": "count", "field": "amount"}]})");
  EXPECT_TRUE(a.at("currency_split").as_bool());
  auto r = rows(a);
  ASSERT_EQ(r.size(), 3u);  // EUR, USD, and the deal without an amount
  const auto& eur = r["EUR"];
  EXPECT_EQ(eur.at("count"), 3);
  EXPECT_EQ(eur.at("sum_amount"), 11001);
  EXPECT_EQ(eur.at("avg_amount"), 3667);  // 11001 / 3 = 3667 rounded
  EXPECT_EQ(eur.at("min_amount"), 1000);
  EXPECT_EQ(eur.at("max_amount"), 7000);
  EXPECT_EQ(eur.at("median_amount"), 3001);
  EXPECT_EQ(r["USD"].at("sum_amount"), 500);
  EXPECT_EQ(r["USD"].at("median_amount"), 500);
  EXPECT_EQ(r["null"].at("count"), 1);
  EXPECT_EQ(r["null"].at("count_amount"), 0);
  EXPECT_TRUE(r["null"].at("avg_amount").is_null());
  EXPECT_TRUE(r["null"].at("median_amount").is_null());
  EXPECT_EQ(r["null"].at("sum_amount"), 0);
}

TEST_F(ReportQuery, AMedianOfAnEvenCountIsTheMeanOfTheMiddleTwoRoundedHalfAway) {
  // EUR amounts of the open stages: d1 1000 and d2 3001 in stage 0 -> (1000 + 3001) / 2 = 2000.5 -> 2001.
  std::string def = R"({"object": "deals", "filter": {"stage_id": {"eq": ")";
  def += p.stages[0].id;
  def += R"("}}, "measures": [{"op": "median", "field": "amount"}, {"op": "avg", "field": "amount"}]})";
  auto a = ok(def);
  auto r = rows(a);
  EXPECT_EQ(r["EUR"].at("median_amount"), 2001);
  EXPECT_EQ(r["EUR"].at("avg_amount"), 2001);
}

TEST_F(ReportQuery, GroupsByOwnerAndByTeamWhereAnOwnerInTwoTeamsCountsInBoth) {
  auto owners = rows(ok(R"({"object": "deals", "group_by": ["owner_id"], "measures": [{"op": "count"}]})"));
  EXPECT_EQ(owners[ctx.user_id].at("count"), 1);
  EXPECT_EQ(owners[kUser2].at("count"), 2);
  EXPECT_EQ(owners[kUser3].at("count"), 2);
  auto a = ok(R"({"object": "deals", "group_by": ["team"], "measures": [{"op": "count"}]})");
  auto teams = rows(a);
  EXPECT_EQ(teams["team-a"].at("count"), 1);
  EXPECT_EQ(teams["team-b"].at("count"), 3);  // the first user's deal and the second user's two
  EXPECT_EQ(teams["null"].at("count"), 2);    // the third user is in no team
  EXPECT_EQ(a.at("totals").as_array()[0].at("values").at("count"), 5);  // each deal once
}

TEST_F(ReportQuery, TimesAreBucketedInTheWorkspaceTimeZone) {
  auto utc = rows(ok(R"({"object": "deals", "group_by": [{"field": "created_at", "bucket": "quarter"}], "measures": [{"op": "count"}]})"));
  EXPECT_EQ(utc["2026-Q1"].at("count"), 2);
  EXPECT_EQ(utc["2026-Q2"].at("count"), 1);
  EXPECT_EQ(utc["2026-Q3"].at("count"), 1);
  EXPECT_EQ(utc["2026-Q4"].at("count"), 1);
  // In Paris d2 (22:30 UTC on 31 March) is created on 1 April, and d5 (23:59 UTC on 31 December) in 2027.
  auto paris = rows(ok(R"({"object": "deals", "group_by": [{"field": "created_at", "bucket": "quarter"}], "measures": [{"op": "count"}]})",
                       "Europe/Paris"));
  EXPECT_EQ(paris["2026-Q1"].at("count"), 1);
  EXPECT_EQ(paris["2026-Q2"].at("count"), 2);
  EXPECT_EQ(paris["2027-Q1"].at("count"), 1);
  auto days = rows(ok(R"({"object": "deals", "group_by": [{"field": "created_at", "bucket": "day"}], "measures": [{"op": "count"}]})",
                      "Europe/Paris"));
  EXPECT_EQ(days.count("2026-04-01"), 1u);
  EXPECT_EQ(days.count("2027-01-01"), 1u);
  auto weeks = rows(ok(R"({"object": "deals", "group_by": [{"field": "created_at", "bucket": "week"}], "measures": [{"op": "count"}]})"));
  EXPECT_EQ(weeks["2026-W03"].at("count"), 1);  // 15 January 2026, a Thursday
  EXPECT_EQ(weeks["2026-W53"].at("count"), 1);  // 31 December 2026 is in ISO week 53
  auto years = rows(ok(R"({"object": "deals", "group_by": [{"field": "created_at", "bucket": "year"}], "measures": [{"op": "count"}]})",
                       "Europe/Paris"));
  EXPECT_EQ(years["2026"].at("count"), 4);
  EXPECT_EQ(years["2027"].at("count"), 1);
}

TEST_F(ReportQuery, DatesAreBucketedAsCalendarDatesAndNoneIsAGroup) {
  auto months = rows(ok(R"({"object": "deals", "group_by": [{"field": "expected_close_date", "bucket": "month"}], "measures": [{"op": "count"}]})",
                        "Pacific/Auckland"));
  EXPECT_EQ(months["2026-02"].at("count"), 1);
  EXPECT_EQ(months["2026-04"].at("count"), 1);
  EXPECT_EQ(months["2026-05"].at("count"), 1);
  EXPECT_EQ(months["2026-12"].at("count"), 1);
  EXPECT_EQ(months["null"].at("count"), 1);  // d4 has no expected close date
}

TEST_F(ReportQuery, TwoGroupBysMakeOneSeriesPerValueOfTheFirst) {
  auto a = ok(R"({"object": "deals", "group_by": ["owner_id", {"field": "created_at", "bucket": "month"}], "measures": [{"op": "count"}]})");
  auto r = rows(a);
  EXPECT_EQ(r[std::string(kUser2) + "|2026-03"].at("count"), 1);
  EXPECT_EQ(r[std::string(kUser2) + "|2026-04"].at("count"), 1);
  const auto& series = a.at("series").as_array();
  ASSERT_EQ(series.size(), 3u);
  for (const auto& s : series)
    if (s.at("name") == kUser2) {
      EXPECT_EQ(s.at("points").as_array().size(), 2u);
    }
}

TEST_F(ReportQuery, CustomFieldsAreGroupedFilteredAndMeasured) {
  auto a = ok(R"({"object": "deals", "group_by": ["custom.tier"], "filter": {"custom.score": {"gte": 2}},
                  "measures": [{"op": "sum", "field": "custom.score"}, {"op": "avg", "field": "custom.score"},
                               {"op": "median", "field": "custom.score"}, {"op": "min", "field": "custom.fee"},
                               {"op": "max", "field": "custom.fee"}, {"op": "sum", "field": "custom.fee"}]})");
  EXPECT_FALSE(a.at("currency_split").as_bool());  // a custom money field has one currency
  auto r = rows(a);
  ASSERT_EQ(r.size(), 2u);  // d2 (gold, 2.5) and d4 (no tier, 4.0)
  EXPECT_DOUBLE_EQ(r["gold"].at("sum_custom.score").as_double(), 2.5);
  EXPECT_DOUBLE_EQ(r["null"].at("avg_custom.score").as_double(), 4.0);
  EXPECT_EQ(r["gold"].at("sum_custom.fee"), 200);
  EXPECT_EQ(r["null"].at("max_custom.fee"), 300);
  auto all = ok(R"({"object": "deals", "measures": [{"op": "median", "field": "custom.score"}, {"op": "avg", "field": "custom.score"}]})");
  const auto& totals = all.at("totals").as_array()[0].at("values");
  EXPECT_DOUBLE_EQ(totals.at("median_custom.score").as_double(), 2.5);  // 1.5, 2.5, 4.0
  EXPECT_DOUBLE_EQ(totals.at("avg_custom.score").as_double(), 8.0 / 3);
  EXPECT_EQ(all.at("measures").as_array()[0].at("money"), false);
}

// Custom numbers are bounded since records::kMaxCustomNumber, but values stored before can be
// anything JSON holds. Integers summing past int64 made SQLite's sum() raise (a 500); doubles summing
// past the largest one gave infinity, written as `Infinity` into a 200 that was not JSON.
TEST_F(ReportQuery, NumberMeasuresOfOutsizedStoredValuesAreStatedOrRefusedNeverAnError) {
  exec("UPDATE deals SET custom = json_set(custom, '$.score', 9000000000000000000) WHERE name IN ('d1', 'd2')");
  auto big = ok(R"({"object": "deals", "measures": [{"op": "sum", "field": "custom.score"}, {"op": "avg", "field": "custom.score"}]})");
  ASSERT_FALSE(big.empty());
  const auto& values = big.at("totals").as_array()[0].at("values");
  EXPECT_DOUBLE_EQ(values.at("sum_custom.score").as_double(), 1.8e19);  // and d4's 4.0, lost in the double
  EXPECT_DOUBLE_EQ(values.at("avg_custom.score").as_double(), 6e18);

  exec("UPDATE deals SET custom = json_set(custom, '$.score', 1e308) WHERE name IN ('d1', 'd2')");
  exec("UPDATE deals SET custom = json_remove(custom, '$.score') WHERE name = 'd4'");
  for (const char* op : {"sum", "avg"}) {
    auto r = run(std::string(R"({"object": "deals", "measures": [{"op": ")") + op + R"(", "field": "custom.score"}]})");
    ASSERT_FALSE(r.ok()) << op;
    EXPECT_EQ(r.problem().status, 422) << op;
    EXPECT_EQ(r.problem().type_slug, "amount-overflow") << op;
    EXPECT_NE(r.problem().detail.find("custom.score"), std::string::npos) << r.problem().detail;
  }
  auto median = ok(R"({"object": "deals", "measures": [{"op": "median", "field": "custom.score"}]})");
  ASSERT_FALSE(median.empty());
  EXPECT_DOUBLE_EQ(median.at("totals").as_array()[0].at("values").at("median_custom.score").as_double(), 1e308)
      << "the mean of the middle two, halved before they are added";
}

TEST_F(ReportQuery, IntegerFieldsAndBooleanLikeKeys) {
  auto a = ok(R"({"object": "deals", "group_by": ["stage_id"], "measures": [{"op": "sum", "field": "version"}, {"op": "avg", "field": "version"},
                                                                         {"op": "median", "field": "version"}]})");
  for (const auto& [k, v] : rows(a)) {
    EXPECT_GE(v.at("sum_version").as_int64(), 1) << k;
    EXPECT_GE(v.at("avg_version").as_double(), 1.0) << k;
  }
}

TEST_F(ReportQuery, FiltersSortAndLimit) {
  auto a = ok(R"({"object": "deals", "filter": {"amount": {"gte": 1000}}, "group_by": ["owner_id"],
                  "measures": [{"op": "sum", "field": "amount"}], "sort": "-sum_amount", "limit": 2})");
  const auto& rs = a.at("rows").as_array();
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].at("values").at("sum_amount"), 7000);
  EXPECT_EQ(rs[1].at("values").at("sum_amount"), 3001);
  EXPECT_TRUE(a.at("truncated").as_bool());
  // The totals cover every matched record, not only the rows shown: 1000 + 3001 + 7000.
  EXPECT_EQ(a.at("totals").as_array()[0].at("values").at("sum_amount"), 11001);
}

TEST_F(ReportQuery, ABadDefinitionNamesWhatIsWrong) {
  auto code = [&](const std::string& def) -> std::pair<int, std::string> {
    auto r = run(def);
    if (r) return {200, ""};
    return {r.problem().status, r.problem().errors.empty() ? "" : r.problem().errors[0].field};
  };
  EXPECT_EQ(code(R"({"object": "deals", "measures": []})"), std::make_pair(422, std::string("measures")));
  EXPECT_EQ(code(R"({"object": "deals", "measures": [{"op": "sum"}]})"), std::make_pair(422, std::string("measures.0.field")));
  EXPECT_EQ(code(R"({"object": "deals", "measures": [{"op": "sum", "field": "name"}]})"), std::make_pair(422, std::string("measures.0.field")));
  EXPECT_EQ(code(R"({"object": "deals", "measures": [{"op": "mode", "field": "amount"}]})"), std::make_pair(422, std::string("measures.0.op")));
  EXPECT_EQ(code(R"({"object": "deals", "group_by": ["nope"], "measures": [{"op": "count"}]})"), std::make_pair(422, std::string("group_by.0")));
  EXPECT_EQ(code(R"({"object": "deals", "group_by": ["created_at"], "measures": [{"op": "count"}]})"),
            std::make_pair(422, std::string("group_by.0.bucket")));
  EXPECT_EQ(code(R"({"object": "deals", "group_by": ["amount"], "measures": [{"op": "count"}]})"), std::make_pair(422, std::string("group_by.0")));
  EXPECT_EQ(code(R"({"object": "deals", "group_by": ["owner_id", "team", "stage_id"], "measures": [{"op": "count"}]})"),
            std::make_pair(422, std::string("group_by")));
  EXPECT_EQ(code(R"({"object": "deals", "measures": [{"op": "count"}], "sort": "-sum_amount"})"), std::make_pair(422, std::string("sort")));
  EXPECT_EQ(code(R"({"object": "deals", "measures": [{"op": "count"}], "limit": 0})"), std::make_pair(422, std::string("limit")));
  EXPECT_EQ(code(R"({"object": "deals", "measures": [{"op": "count"}], "having": 1})"), std::make_pair(422, std::string("having")));
  EXPECT_EQ(code(R"({"object": "deals", "filter": {"nope": {"eq": 1}}, "measures": [{"op": "count"}]})").first, 400);
}

TEST_F(ReportQuery, ATooLargeReportIsRefusedNotHeldInMemory) {
  // 2001 deals on 2001 different days: grouped by day that is one row too many.
  exec("WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 2001) "
       "INSERT INTO deals (id, workspace_id, name, pipeline_id, stage_id, owner_id, created_at, updated_at, board_rank) "
       "SELECT printf('01890000-0000-7000-9000-%012d', n), 'ws1', 'bulk', ?, ?, ?, "
       "strftime('%Y-%m-%dT12:00:00.000Z', '2020-01-01', '+' || n || ' days'), '2026-01-01T00:00:00.000Z', n FROM seq",
       {p.id, p.stages[0].id, ctx.user_id});
  auto r = run(R"({"object": "deals", "group_by": [{"field": "created_at", "bucket": "day"}], "measures": [{"op": "count"}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem().status, 422);
  EXPECT_EQ(r.problem().errors[0].code, "too_many_groups");
  // By month it fits.
  auto months = ok(R"({"object": "deals", "group_by": [{"field": "created_at", "bucket": "month"}], "measures": [{"op": "count"}]})");
  EXPECT_EQ(months.at("totals").as_array()[0].at("values").at("count"), 2006);
}

TEST_F(ReportQuery, TheDefinitionRoundTripsThroughJson) {
  json::object body = json::parse(R"({"object": "deals", "filter": {"amount": {"gte": 5}}, "group_by": ["team", {"field": "created_at", "bucket": "week"}],
                                      "measures": [{"op": "count"}, {"op": "median", "field": "amount"}], "sort": "-count", "limit": 10})").as_object();
  auto d = parse_definition(body, sales::deal_spec(), custom, ctx);
  ASSERT_TRUE(d.ok());
  auto again = parse_definition(d->to_json(), sales::deal_spec(), custom, ctx);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(json::serialize(again->to_json()), json::serialize(d->to_json()));
}

}  // namespace
}  // namespace rapport::analytics
