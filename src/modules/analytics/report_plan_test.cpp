// The plans SQLite chooses for the report builder's scans of deals (migration 0074): every statement a
// run sends that reads `deals` (the aggregate and a median's values) is answered from a covering
// index, never from the deals' rows, for the shapes bench/reports.sh times that the kept totals do not
// answer (a created week, a maximum, a median, an amount filter) and for the medians they take (a
// group's middle read by kept_median.hpp from where its kept amount buckets say, a group's minimum or maximum by kept_extremes.hpp), for an
// admin and under a rep's scope. The statements are the ones run_report really prepares (caught with sqlite3_trace_v2), so a
// change to the scan's SQL that loses the covering index fails here.
#include "modules/analytics/report_query.hpp"

#include <gtest/gtest.h>
#include "modules/sales/sales_test_support.hpp"
#include "platform/db/statement_trace.hpp"

namespace rapport::analytics {
namespace {
namespace json = boost::json;

class ReportPlan : public sales::testing::SalesDb {
 protected:
  // The text of every statement `run_report` steps on a connection of its own, then each one's plan.
  std::vector<std::string> plans_of(const std::string& definition, const access::Context& who) {
    auto d = parse_definition(json::parse(definition).as_object(), sales::deal_spec(), {}, who);
    EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.problem().detail);
    if (!d.ok()) return {};
    db::SqliteConnection c((dir / "t.db").string(), true);
    const auto statements = db::traced_statements(c, [&] {
      auto data = run_report(c, who, *d, {}, *jobs::time_zone("UTC"));
      EXPECT_TRUE(data.ok()) << (data.ok() ? "" : data.problem().detail);
    });
    std::vector<std::string> plans;
    for (const auto& sql : statements)
      if (sql.find(" FROM deals ") != std::string::npos || sql.find(" FROM deal_amount_buckets ") != std::string::npos ||
          sql.find(" FROM deal_totals ") != std::string::npos || sql.find(" FROM deal_created_totals ") != std::string::npos ||
          sql.find(" FROM deal_stage_amount_buckets ") != std::string::npos || sql.find(" FROM deal_owner_totals ") != std::string::npos ||
          sql.find(" FROM deal_owner_created_totals ") != std::string::npos)
        plans.push_back(sql + "\n" + db::query_plan(c, sql));
    return plans;
  }
};

TEST_F(ReportPlan, TheScannedShapesReadACoveringIndexOfTheDeals) {
  // A rep: their own records only (the scope is a condition on owner_id).
  auto own = std::make_shared<identity::Permissions>();
  own->defaults.fill(identity::Scope::Own);
  access::Context rep = ctx;
  rep.grants = own;
  // Deals to read: a median by the owner reads each group's middle (kept_median.hpp), only for groups
  // that hold an amount.
  auto p = pipeline("P", {"open", "won"});
  for (int64_t amount : {100, 200, 300})
    deal(p, p.stages[0], "d", boost::json::object{{"amount", amount}, {"currency", "EUR"}, {"owner_id", ctx.user_id}});
  deal(p, p.stages[0], "d", boost::json::object{{"amount", 400}, {"currency", "EUR"}, {"owner_id", ctx.user_id}, {"expected_close_date", "2026-05-04"}});
  // (A created month is kept: deal_created_totals, no read of the deals.)
  const std::vector<std::string> definitions = {
      R"({"object": "deals", "group_by": ["owner_id", {"field": "created_at", "bucket": "week"}],
          "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}, {"op": "avg", "field": "amount"}]})",
      R"({"object": "deals", "group_by": [{"field": "expected_close_date", "bucket": "quarter"}],
          "measures": [{"op": "count"}, {"op": "max", "field": "amount"}]})",
      // Extremes of kept groups, one seek each (kept_extremes.hpp): by close month, with the owner, by
      // the owner alone and over everything.
      R"({"object": "deals", "group_by": ["owner_id", {"field": "expected_close_date", "bucket": "year"}],
          "measures": [{"op": "min", "field": "amount"}, {"op": "max", "field": "amount"}]})",
      R"({"object": "deals", "group_by": ["team"], "measures": [{"op": "min", "field": "amount"}]})",
      R"({"object": "deals", "measures": [{"op": "max", "field": "amount"}]})",
      R"({"object": "deals", "group_by": ["owner_id"], "measures": [{"op": "median", "field": "amount"}]})",
      R"({"object": "deals", "filter": {"amount": {"gte": 1}}, "group_by": ["owner_id"], "measures": [{"op": "median", "field": "amount"}]})",
      R"({"object": "deals", "filter": {"amount": {"gte": 5000000}}, "group_by": ["stage_id"], "measures": [{"op": "count"}]})",
  };
  for (const auto& who : {ctx, rep}) {
    for (const auto& d : definitions) {
      const auto plans = plans_of(d, who);
      ASSERT_FALSE(plans.empty()) << d;
      for (const auto& plan : plans) {
        if (plan.find(" FROM deal_totals ") != std::string::npos || plan.find(" FROM deal_created_totals ") != std::string::npos ||
            plan.find(" FROM deal_owner_totals ") != std::string::npos || plan.find(" FROM deal_owner_created_totals ") != std::string::npos)
          continue;
        if (plan.find(" FROM deal_stage_amount_buckets ") != std::string::npos) {  // an amount range (migration 0089)
          EXPECT_NE(plan.find("SEARCH deal_stage_amount_buckets USING PRIMARY KEY"), std::string::npos) << plan;
          EXPECT_NE(plan.find("USING COVERING INDEX deals_"), std::string::npos) << plan;
          EXPECT_EQ(plan.find("SCAN deals"), std::string::npos) << plan;
          continue;
        }
        if (plan.find(" FROM deal_amount_buckets ") != std::string::npos) {  // a median's kept buckets (migration 0084)
          EXPECT_NE(plan.find("SEARCH deal_amount_buckets USING PRIMARY KEY"), std::string::npos) << plan;
          continue;
        }
        EXPECT_NE(plan.find("USING COVERING INDEX deals_"), std::string::npos) << plan;
        EXPECT_EQ(plan.find("SCAN deals"), std::string::npos) << plan;
      }
    }
  }
}

// An amount range (kept_range.hpp) reads its whole buckets by a range of the kept buckets' key and its
// edge buckets' deals from the amounts' covering index.
TEST_F(ReportPlan, AnAmountRangeReadsItsBucketsByKeyAndItsEdgesFromTheAmountIndex) {
  auto p = pipeline("P", {"open", "won"});
  for (int64_t amount : {4'000'000, 5'000'000, 5'050'000, 9'000'000})
    deal(p, p.stages[0], "d", boost::json::object{{"amount", amount}, {"currency", "EUR"}, {"owner_id", ctx.user_id}});
  const std::string d = R"({"object": "deals", "filter": {"amount": {"gte": 5010000, "lt": 8000000}}, "group_by": ["stage_id"],
                            "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}]})";
  const auto plans = plans_of(d, ctx);
  ASSERT_EQ(plans.size(), 1u) << d;
  EXPECT_NE(plans[0].find("SEARCH deal_stage_amount_buckets USING PRIMARY KEY (workspace_id=? AND bucket>? AND bucket<?)"), std::string::npos)
      << plans[0];
  EXPECT_NE(plans[0].find("USING COVERING INDEX deals_amount (workspace_id=? AND amount>? AND amount<?)"), std::string::npos) << plans[0];
  EXPECT_EQ(plans[0].find("SCAN deals"), std::string::npos) << plans[0];
}

// The kept shapes grouped by the owner and a kept month (with the currency) read the owner aggregates
// of migration 0090 by their key (a few hundred rows, sorted for GROUP BY); narrowed to a pipeline
// they read deal_totals or deal_created_totals in their key's order, grouped also by the pipeline
// (kept_report.cpp): no sort of every kept row for GROUP BY.
TEST_F(ReportPlan, KeptMonthsByOwnerReadTheOwnerTotalsOrThePipelinesInKeyOrder) {
  auto p = pipeline("P", {"open", "won"});
  deal(p, p.stages[0], "d", boost::json::object{{"amount", 100}, {"currency", "EUR"}, {"expected_close_date", "2026-05-04"}});
  for (const char* month : {R"({"field": "expected_close_date", "bucket": "quarter"})", R"({"field": "created_at", "bucket": "month"})"}) {
    const std::string owner_table = std::string(month).find("created_at") != std::string::npos ? "deal_owner_created_totals" : "deal_owner_totals";
    const std::string rest = std::string(R"("group_by": ["owner_id", )") + month +
                             R"(], "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}, {"op": "avg", "field": "amount"}]})";
    const std::string whole = R"({"object": "deals", )" + rest;
    auto plans = plans_of(whole, ctx);
    ASSERT_EQ(plans.size(), 1u) << whole;
    EXPECT_NE(plans[0].find("SEARCH " + owner_table + " USING PRIMARY KEY (workspace_id=?)"), std::string::npos) << plans[0];
    const std::string narrowed = R"({"object": "deals", "filter": {"pipeline_id": {"eq": ")" + p.id + R"("}}, )" + rest;
    plans = plans_of(narrowed, ctx);
    ASSERT_EQ(plans.size(), 1u) << narrowed;
    EXPECT_NE(plans[0].find("USING PRIMARY KEY (workspace_id=? AND pipeline_id=?)"), std::string::npos) << plans[0];
    EXPECT_EQ(plans[0].find("TEMP B-TREE"), std::string::npos) << plans[0];
  }
}

}  // namespace
}  // namespace rapport::analytics
