// Money without overflow (issue 10, item 3; platform/money): amounts beyond the maximum are refused
// with a 422 naming the field and store nothing; the board and the reports state sums exactly or
// answer a clear 422, never a 500 or a wrapped number, with amounts at the maximum on many deals;
// deal_totals equals a direct aggregation over the deals through deletes and line items. Also the
// line-item cap and positions under parallel adds (item 7): on PostgreSQL the deal's row is locked.
#include <thread>

#include "sales_helpers.hpp"

namespace rapport::testing {
namespace {

constexpr int64_t kMax = 1'000'000'000'000'000;  // money::kMax

bool is_overflow_problem(const HttpResponse& r) {
  const auto j = r.json();
  return r.status == 422 && r.header("content-type") == "application/problem+json" && j.is_object() &&
         j.as_object().contains("type") && j.at("type").as_string().ends_with("/amount-overflow");
}

class SalesMoney : public Sales {
 protected:
  std::string workspace_of(const TestPipeline& p) { return sql("SELECT workspace_id FROM pipelines WHERE id = ?", {p.id})[0][0]; }
};

TEST_F(SalesMoney, AmountsBeyondTheMaximumAreRefused) {
  auto p = make_pipeline(unique_name("Limits "));
  const std::string count_deals = "SELECT count(*) FROM deals WHERE pipeline_id = ?";
  // The amount of the issue, one past the maximum, and far below it.
  for (json::value amount : {json::value(int64_t{9223372036854775807}), json::value(kMax + 1), json::value(uint64_t{18446744073709551615u}),
                             json::value(-kMax - 1)}) {
    auto r = post("/api/v1/deals", json::object{{"name", "Too much"}, {"pipeline_id", p.id}, {"amount", amount}, {"currency", "EUR"}});
    EXPECT_EQ(r.status, 422) << json::serialize(amount) << " " << r.body;
    EXPECT_EQ(error_fields(r), std::vector<std::string>{"amount"}) << r.body;
  }
  EXPECT_EQ(sql(count_deals, {p.id})[0][0], "0") << "nothing stored";
  std::string at_max = make_deal(p, "At the maximum", json::object{{"amount", kMax}, {"currency", "EUR"}});
  ASSERT_FALSE(at_max.empty());
  EXPECT_EQ(get("/api/v1/deals/" + at_max).json().at("amount").as_int64(), kMax);
  auto grow = patch("/api/v1/deals/" + at_max, json::object{{"amount", kMax + 1}});
  EXPECT_EQ(error_fields(grow), std::vector<std::string>{"amount"});
  EXPECT_EQ(get("/api/v1/deals/" + at_max).json().at("amount").as_int64(), kMax);

  // Products' prices and custom money fields have the same maximum.
  auto product = post("/api/v1/products", json::object{{"sku", unique_name("BIG-")}, {"name", "Big"}, {"unit_price", kMax + 1}, {"currency", "EUR"}});
  EXPECT_EQ(error_fields(product), std::vector<std::string>{"unit_price"});
  const std::string field = "budget_cap";
  auto def = post("/api/v1/custom-fields", json::object{{"object_type", "companies"}, {"name", field}, {"type", "money"}, {"currency", "EUR"}});
  ASSERT_EQ(def.status, 201) << def.body;
  for (json::value v : {json::value(kMax + 1), json::value(uint64_t{10000000000000000000u}), json::value(-kMax - 1)}) {
    auto company = post("/api/v1/companies", json::object{{"name", "Rich"}, {"custom", json::object{{field, v}}}});
    EXPECT_EQ(error_fields(company), std::vector<std::string>{"custom." + field}) << company.body;
  }
  EXPECT_EQ(post("/api/v1/companies", json::object{{"name", "Rich enough"}, {"custom", json::object{{field, kMax}}}}).status, 201);
  del("/api/v1/custom-fields/" + std::string(def.json().at("id").as_string()));
}

TEST_F(SalesMoney, LineItemsBeyondTheMaximumAre422AndStoreNothing) {
  auto p = make_pipeline(unique_name("Lines "));
  std::string deal = make_deal(p, "Lines", json::object{{"currency", "EUR"}});
  const std::string items = "/api/v1/deals/" + deal + "/line-items";
  const int64_t version = get("/api/v1/deals/" + deal).json().at("version").as_int64();
  // The line: 10^6 × 10^13 = 10^19 (before: llround out of range, a negative total stored).
  auto r = post(items, json::object{{"name", "Huge"}, {"quantity", 1000000}, {"unit_price", 10000000000000}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_fields(r), std::vector<std::string>{"total"});
  EXPECT_EQ(error_fields(post(items, json::object{{"name", "Pricey"}, {"quantity", 1}, {"unit_price", kMax + 1}})),
            std::vector<std::string>{"unit_price"});
  EXPECT_EQ(data_of(get(items)).size(), 0u);
  EXPECT_EQ(sql("SELECT count(*) FROM line_items WHERE deal_id = ?", {deal})[0][0], "0");
  auto d = get("/api/v1/deals/" + deal).json();
  EXPECT_EQ(d.at("version").as_int64(), version);
  EXPECT_TRUE(d.at("amount").is_null());

  // One line at the maximum is fine; a second would make the deal's amount exceed it: 422, and the
  // line is not kept.
  auto full = post(items, json::object{{"name", "All of it"}, {"quantity", 1}, {"unit_price", kMax}});
  ASSERT_EQ(full.status, 201) << full.body;
  EXPECT_EQ(full.json().at("deal_amount").as_int64(), kMax);
  auto more = post(items, json::object{{"name", "One more cent"}, {"quantity", 1}, {"unit_price", 1}});
  EXPECT_EQ(more.status, 422) << more.body;
  EXPECT_EQ(error_fields(more), std::vector<std::string>{"amount"});
  EXPECT_EQ(data_of(get(items)).size(), 1u);
  // Changing the line beyond the maximum is refused the same way.
  const std::string line = std::string(full.json().at("item").at("id").as_string());
  EXPECT_EQ(error_fields(patch(items + "/" + line, json::object{{"quantity", 2}})), std::vector<std::string>{"total"});
  EXPECT_EQ(get("/api/v1/deals/" + deal).json().at("amount").as_int64(), kMax);

  // Exact arithmetic: 0.1 × 3 units at 10.00 less 33.3333 % is 2.000001 → 2.00 (half up, once).
  std::string small = make_deal(p, "Small", json::object{{"currency", "EUR"}});
  auto exact = post("/api/v1/deals/" + small + "/line-items",
                    json::object{{"name", "Exact"}, {"quantity", 0.3}, {"unit_price", 1000}, {"discount_percent", 33.3333}});
  ASSERT_EQ(exact.status, 201) << exact.body;
  EXPECT_EQ(exact.json().at("item").at("total").as_int64(), 200);
}

// Positions follow the last line, so a removal then an add never repeats one (before: count + 1).
TEST_F(SalesMoney, LineItemPositionsStayUniqueAfterARemoval) {
  auto p = make_pipeline(unique_name("Positions "));
  std::string deal = make_deal(p, "Positions", json::object{{"currency", "EUR"}});
  const std::string items = "/api/v1/deals/" + deal + "/line-items";
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto r = post(items, json::object{{"name", "Line " + std::to_string(i)}, {"quantity", 1}, {"unit_price", 100}});
    ASSERT_EQ(r.status, 201) << r.body;
    ids.emplace_back(r.json().at("item").at("id").as_string());
  }
  ASSERT_EQ(del(items + "/" + ids[0]).status, 204);
  ASSERT_EQ(post(items, json::object{{"name", "Line 3"}, {"quantity", 1}, {"unit_price", 100}}).status, 201);
  std::vector<int64_t> positions;
  for (const auto& it : data_of(get(items))) positions.push_back(it.at("position").as_int64());
  EXPECT_EQ(positions, (std::vector<int64_t>{2, 3, 4}));
}

// Issue 10, item 7: parallel adds to one deal. On PostgreSQL (READ COMMITTED) they used to count the
// lines at the same time: all but one then failed with 412 (or, without the version check, would have
// passed the cap together). With the deal's row locked they take turns: exactly the cap is stored,
// every other add is a 409, and positions are unique.
TEST_F(SalesMoney, ParallelLineItemAddsKeepTheCapAndUniquePositions) {
  auto p = make_pipeline(unique_name("Parallel "));
  std::string deal = make_deal(p, "Parallel", json::object{{"currency", "EUR"}});
  const std::string items = "/api/v1/deals/" + deal + "/line-items";
  constexpr int kThreads = 12, kEach = 20, kCap = 200;
  std::vector<std::vector<int>> statuses(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      HttpClient client(server().port());
      for (int i = 0; i < kEach; ++i) {
        std::string name = "T";
        name += std::to_string(t * kEach + i);
        json::value body = json::object{{"name", name}, {"quantity", 1}, {"unit_price", 100}};
        statuses[t].push_back(client.call("POST", items, token(), &body).status);
      }
    });
  for (auto& t : threads) t.join();
  std::map<int, int> by_status;
  for (const auto& s : statuses)
    for (int status : s) ++by_status[status];
  EXPECT_EQ(by_status, (std::map<int, int>{{201, kCap}, {409, kThreads * kEach - kCap}}));
  EXPECT_EQ(sql("SELECT count(*) FROM line_items WHERE deal_id = ?", {deal})[0][0], std::to_string(kCap));
  EXPECT_EQ(sql("SELECT count(DISTINCT position) FROM line_items WHERE deal_id = ?", {deal})[0][0], std::to_string(kCap));
  EXPECT_EQ(get("/api/v1/deals/" + deal).json().at("amount").as_int64(), kCap * 100);
}

// The scenario at scale: thousands of deals at the maximum in one stage and currency. Sums
// that fit int64 are exact; one that does not is a 422 naming the currency, never a 500 or a wrap.
TEST_F(SalesMoney, BoardAndReportsStayExactOrSayTheSumIsTooLarge) {
  auto p = make_pipeline(unique_name("Whales "));
  const std::string month = this_month();
  std::string whale = make_deal(p, "Whale", json::object{{"amount", kMax}, {"currency", "EUR"}, {"stage_id", p.propose},
                                                         {"expected_close_date", month + "-15"}});
  ASSERT_FALSE(whale.empty());
  clone_deal(whale, 9000, 0);
  const std::string board = "/api/v1/pipelines/" + p.id + "/board?totals=true";
  const std::string pipeline = "/api/v1/reports/pipeline?pipeline_id=" + p.id;
  const std::string forecast = "/api/v1/reports/forecast?pipeline_id=" + p.id + "&from=" + month + "&to=" + month;
  const std::string funnel = "/api/v1/reports/funnel?from=" + month + "&to=" + month;

  // 9,001 × 10^15 = 9.001·10^18 fits int64: exact figures (weighted: × 60 %).
  const int64_t sum = 9001 * kMax, weighted = 9001 * (kMax / 100) * 60;
  auto b = get(board);
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(b.json().at("stages").at(1).at("amount_by_currency").at("EUR").as_int64(), sum);
  EXPECT_EQ(b.json().at("stages").at(1).at("count").as_int64(), 9001);
  auto r = get(pipeline);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("totals").at("amounts").at(0).at("amount").as_int64(), sum);
  EXPECT_EQ(r.json().at("totals").at("amounts").at(0).at("weighted_amount").as_int64(), weighted);
  auto f = get(forecast);
  ASSERT_EQ(f.status, 200) << f.body;
  EXPECT_EQ(f.json().at("months").at(0).at("open").at(0).at("amount").as_int64(), sum);
  EXPECT_EQ(f.json().at("months").at(0).at("open").at(0).at("weighted_amount").as_int64(), weighted);

  // 300 more: 9.301·10^18 does not fit. Each answer is a 422 saying so (before: 500).
  clone_deal(whale, 300, 9000);
  for (const auto& target : {board, pipeline, forecast}) {
    auto over = get(target);
    EXPECT_TRUE(is_overflow_problem(over)) << target << " -> " << over.status << " " << over.body;
    EXPECT_NE(over.body.find("EUR"), std::string::npos) << over.body;
  }
  EXPECT_EQ(get("/api/v1/pipelines/" + p.id + "/board").status, 200) << "the board without totals has no sum to state";
  // Won in this month: the funnel's won amount and the forecast's won figure overflow; the open
  // pipeline is empty again.
  write_sql("UPDATE deals SET stage_id = ?, closed_at = ? WHERE pipeline_id = ?", {p.won, month + "-02T10:00:00.000Z", p.id});
  EXPECT_TRUE(is_overflow_problem(get(funnel))) << get(funnel).body;
  EXPECT_TRUE(is_overflow_problem(get(forecast)));
  EXPECT_TRUE(is_overflow_problem(get(board)));
  auto open = get(pipeline);
  ASSERT_EQ(open.status, 200) << open.body;
  EXPECT_EQ(open.json().at("totals").at("count").as_int64(), 0);

  // deal_totals matches the deals all along, and after a delete through the API and deletes in SQL.
  const std::string ws = workspace_of(p);
  auto [totals, direct] = totals_and_aggregation(ws);
  EXPECT_EQ(totals, direct);
  EXPECT_EQ(del("/api/v1/deals/" + whale).status, 204);
  write_sql("DELETE FROM deals WHERE pipeline_id = ? AND id <> ? AND board_rank > 9000", {p.id, whale});
  auto [after_totals, after_direct] = totals_and_aggregation(ws);
  EXPECT_EQ(after_totals, after_direct);
  auto [buckets, bucketed] = amount_buckets_and_bucketing(ws);
  EXPECT_EQ(buckets, bucketed);
  Rows mine;
  for (const auto& row : after_direct)
    if (row[0] == p.id) mine.push_back(row);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0][6], "9000");
  auto fits = get(board);
  ASSERT_EQ(fits.status, 200) << fits.body;
  EXPECT_EQ(fits.json().at("stages").at(2).at("amount_by_currency").at("EUR").as_int64(), 9000 * kMax);
}

// Issue 10, item 25: deal_totals stays right through line items (adds, changes, removals, a deal
// deleted and restored), as a direct aggregation over the deals gives it.
TEST_F(SalesMoney, DealTotalsStayRightThroughLineItems) {
  auto p = make_pipeline(unique_name("Totals "));
  const std::string ws = workspace_of(p);
  std::string a = make_deal(p, "A", json::object{{"currency", "EUR"}, {"expected_close_date", this_month() + "-10"}});
  std::string b = make_deal(p, "B", json::object{{"amount", 700}, {"currency", "EUR"}, {"expected_close_date", this_month() + "-10"}});
  auto check = [&](const char* step) {
    auto [totals, direct] = totals_and_aggregation(ws);
    EXPECT_EQ(totals, direct) << step;
    auto [buckets, bucketed] = amount_buckets_and_bucketing(ws);  // migration 0084, amounts up to kMax
    EXPECT_EQ(buckets, bucketed) << step;
  };
  const std::string items = "/api/v1/deals/" + a + "/line-items";
  auto one = post(items, json::object{{"name", "One"}, {"quantity", 3}, {"unit_price", 999'999'999}});
  ASSERT_EQ(one.status, 201) << one.body;
  check("after an add");
  auto two = post(items, json::object{{"name", "Two"}, {"quantity", 1.5}, {"unit_price", kMax / 4}, {"discount_percent", 12.5}});
  ASSERT_EQ(two.status, 201) << two.body;
  check("after a second add");
  const std::string second = std::string(two.json().at("item").at("id").as_string());
  ASSERT_EQ(patch(items + "/" + second, json::object{{"quantity", 2}}).status, 200);
  check("after a change");
  ASSERT_EQ(del(items + "/" + std::string(one.json().at("item").at("id").as_string())).status, 204);
  check("after a removal");
  EXPECT_EQ(sql("SELECT CAST(amount AS TEXT) FROM deals WHERE id = ?", {a})[0][0],
            sql("SELECT CAST(sum(total) AS TEXT) FROM line_items WHERE deal_id = ?", {a})[0][0]);
  ASSERT_EQ(del("/api/v1/deals/" + a).status, 204);
  check("after deleting the deal");
  ASSERT_EQ(post("/api/v1/deals/" + a + "/restore", json::object{}).status, 200);
  check("after restoring it");
  ASSERT_EQ(move(b, p.propose).status, 200);
  check("after a move");
}

}  // namespace
}  // namespace rapport::testing
