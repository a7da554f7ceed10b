// Reports answered from the kept deal totals (kept_report.hpp): which definitions are, that their
// answers are the scan's to the figure (the same definition with a condition every deal meets on a
// field the totals do not keep gives the reference), and that they are read from deal_totals.
#include "modules/analytics/kept_report.hpp"

#include <gtest/gtest.h>

#include <random>

#include "modules/analytics/report_output.hpp"
#include "modules/analytics/report_query.hpp"
#include "modules/sales/sales_test_support.hpp"

namespace rapport::analytics {
namespace {
namespace json = boost::json;

using sales::testing::kUser2;

class KeptReport : public sales::testing::SalesDb {
 protected:
  sales::Pipeline p, q;

  void SetUp() override {
    SalesDb::SetUp();
    exec("INSERT INTO users(id, workspace_id, email, password_hash, role, created_at, updated_at) VALUES "
         "('01890000-0000-7000-8000-0000000000bb', 'ws1', 'b@example.com', 'x', 'admin', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
    exec("INSERT INTO teams(id, workspace_id, name, created_at, updated_at) VALUES ('team-a', 'ws1', 'A', 'x', 'x'), ('team-b', 'ws1', 'B', 'x', 'x')");
    exec("INSERT INTO team_members(workspace_id, team_id, user_id, added_at) VALUES ('ws1', 'team-a', '01890000-0000-7000-8000-0000000000aa', 'x'), "
         "('ws1', 'team-b', '01890000-0000-7000-8000-0000000000aa', 'x'), ('ws1', 'team-b', '01890000-0000-7000-8000-0000000000bb', 'x')");
    p = pipeline("P", {"open", "open", "won"});
    q = pipeline("Q", {"open", "lost"});
    // stage, amount, currency, owner, expected close date
    add(p, 0, 1000, "EUR", ctx.user_id, "2026-02-10");
    add(p, 0, 3001, "EUR", kUser2, "2026-04-01");
    add(p, 1, 500, "USD", kUser2, "2026-05-20");
    add(p, 1, 7000, "EUR", "", "");
    add(p, 2, std::nullopt, "EUR", kUser2, "2026-12-31");
    add(p, 2, 250, "EUR", ctx.user_id, "2027-01-03");
    add(q, 0, std::nullopt, "", ctx.user_id, "2026-03-01");
    add(q, 1, 999999, "USD", kUser2, "2026-03-02");
    // Closed in other months than now: closed_at is set by the stage, then placed here.
    exec("UPDATE deals SET closed_at = '2026-06-30T23:30:00.000Z' WHERE closed_at IS NOT NULL AND amount = 250");
    // Created in other months than now, one a millisecond before a quarter and a year begin.
    exec("UPDATE deals SET created_at = '2025-12-31T23:59:59.999Z' WHERE amount IN (1000, 500)");
    exec("UPDATE deals SET created_at = '2026-01-01T00:00:00.000Z' WHERE amount = 3001 OR amount IS NULL");
  }

  void add(const sales::Pipeline& in, int stage, std::optional<int64_t> amount, const std::string& currency, const std::string& owner,
           const std::string& close) {
    json::object extra;
    if (!owner.empty()) extra["owner_id"] = owner;
    if (amount) extra["amount"] = *amount;
    if (!currency.empty()) extra["currency"] = currency;
    if (!close.empty()) extra["expected_close_date"] = close;
    if (in.stages[static_cast<std::size_t>(stage)].type == "lost") extra["lost_reason"] = "price";
    deal(in, in.stages[static_cast<std::size_t>(stage)], "d", extra);
  }

  Definition parse(const std::string& definition) {
    auto d = parse_definition(json::parse(definition).as_object(), sales::deal_spec(), {}, ctx);
    EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.problem().detail);
    return d.ok() ? *d : Definition{};
  }

  bool kept(const std::string& definition, const std::string& zone = "UTC") {
    return kept_deal_query(ctx, parse(definition), *jobs::time_zone(zone), db::Dialect::Sqlite).has_value();
  }

  json::object answer(const std::string& definition, const std::string& zone = "UTC") { return answer_for(ctx, definition, zone); }

  json::object answer_for(const access::Context& who, const std::string& definition, const std::string& zone = "UTC") {
    Definition d = parse(definition);
    auto tz = jobs::time_zone(zone);
    return db->read([&](db::Connection& c) -> json::object {
      auto data = run_report(c, who, d, {}, *tz);
      EXPECT_TRUE(data.ok()) << (data.ok() ? "" : data.problem().detail);
      if (!data.ok()) return {};
      auto out = report_json(d, *data, zone);
      return out.ok() ? *out : json::object{};
    });
  }

  // The answer of `definition` through the scan: the same definition with a condition every deal
  // meets (a deal has a name) on a field the totals do not keep.
  json::object scanned(const std::string& definition, const std::string& zone = "UTC") { return scanned_for(ctx, definition, zone); }

  json::object scanned_for(const access::Context& who, const std::string& definition, const std::string& zone = "UTC") {
    json::object body = json::parse(definition).as_object();
    if (!body.contains("filter")) body["filter"] = json::object{};
    body["filter"].as_object()["name"] = json::object{{"is_null", "false"}};
    const std::string forced = json::serialize(body);
    EXPECT_FALSE(kept(forced, zone));
    return answer_for(who, forced, zone);
  }
};

TEST_F(KeptReport, AnswersFromTheTotalsOnlyWhatTheyHold) {
  EXPECT_TRUE(kept(R"({"object": "deals", "group_by": ["stage_id"], "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}]})"));
  EXPECT_TRUE(kept(R"({"object": "deals", "filter": {"pipeline_id": {"eq": ")" + p.id + R"("}, "owner_id": {"in": ")" + std::string(kUser2) +
                   R"("}}, "group_by": ["team", {"field": "expected_close_date", "bucket": "quarter"}],
                   "measures": [{"op": "avg", "field": "amount"}, {"op": "count", "field": "amount"}]})"));
  EXPECT_TRUE(kept(R"({"object": "deals", "group_by": [{"field": "closed_at", "bucket": "month"}], "measures": [{"op": "count"}]})"));
  // A local month is not the kept UTC month; a day is not kept; nor are minimum, maximum, median.
  EXPECT_FALSE(kept(R"({"object": "deals", "group_by": [{"field": "closed_at", "bucket": "month"}], "measures": [{"op": "count"}]})",
                    "Pacific/Auckland"));
  EXPECT_TRUE(kept(R"({"object": "deals", "group_by": [{"field": "expected_close_date", "bucket": "year"}], "measures": [{"op": "count"}]})",
                   "Pacific/Auckland"));
  EXPECT_FALSE(kept(R"({"object": "deals", "group_by": [{"field": "expected_close_date", "bucket": "day"}], "measures": [{"op": "count"}]})"));
  // The creation month is kept apart (deal_created_totals), so not with the close or closed month.
  EXPECT_TRUE(kept(R"({"object": "deals", "group_by": ["owner_id", {"field": "created_at", "bucket": "month"}], "measures": [{"op": "count"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "group_by": [{"field": "created_at", "bucket": "month"}], "measures": [{"op": "count"}]})",
                    "Europe/Berlin"));
  EXPECT_FALSE(kept(R"({"object": "deals", "group_by": [{"field": "created_at", "bucket": "week"}], "measures": [{"op": "count"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "group_by": [{"field": "created_at", "bucket": "year"}, {"field": "expected_close_date", "bucket": "year"}],
                    "measures": [{"op": "count"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "group_by": [{"field": "closed_at", "bucket": "year"}, {"field": "created_at", "bucket": "year"}],
                    "measures": [{"op": "count"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "group_by": [{"field": "updated_at", "bucket": "month"}], "measures": [{"op": "count"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "group_by": ["stage_id"], "measures": [{"op": "min", "field": "amount"}]})"));
  // A minimum or maximum of the amount is read per raw group by an index seek (kept_extremes.hpp)
  // when nothing filters and the groups are owners, teams or expected close months.
  EXPECT_TRUE(kept(R"({"object": "deals", "group_by": [{"field": "expected_close_date", "bucket": "quarter"}],
                      "measures": [{"op": "count"}, {"op": "max", "field": "amount"}]})"));
  EXPECT_TRUE(kept(R"({"object": "deals", "group_by": ["team", {"field": "expected_close_date", "bucket": "year"}],
                      "measures": [{"op": "min", "field": "amount"}, {"op": "max", "field": "amount"}]})"));
  EXPECT_TRUE(kept(R"({"object": "deals", "measures": [{"op": "min", "field": "amount"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "group_by": [{"field": "expected_close_date", "bucket": "week"}], "measures": [{"op": "max", "field": "amount"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "group_by": [{"field": "closed_at", "bucket": "month"}], "measures": [{"op": "max", "field": "amount"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "filter": {"owner_id": {"eq": ")" + std::string(kUser2) +
                    R"("}}, "group_by": ["owner_id"], "measures": [{"op": "max", "field": "amount"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "group_by": ["stage_id"], "measures": [{"op": "median", "field": "amount"}]})"));
  // A median of the amount is read per group by an ordered index (kept_median.hpp) when nothing but
  // the owner groups and nothing filters.
  EXPECT_TRUE(kept(R"({"object": "deals", "group_by": ["owner_id"], "measures": [{"op": "median", "field": "amount"}]})"));
  EXPECT_TRUE(kept(R"({"object": "deals", "measures": [{"op": "median", "field": "amount"}, {"op": "count"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "group_by": ["team"], "measures": [{"op": "median", "field": "amount"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "filter": {"pipeline_id": {"eq": ")" + p.id +
                    R"("}}, "group_by": ["owner_id"], "measures": [{"op": "median", "field": "amount"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "group_by": ["owner_id", "stage_id"], "measures": [{"op": "median", "field": "amount"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "filter": {"amount": {"gte": 1000}}, "measures": [{"op": "count"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "filter": {"owner_id": {"is_null": "true"}}, "measures": [{"op": "count"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "group_by": ["name"], "measures": [{"op": "count"}]})"));
}

TEST_F(KeptReport, EveryKeptShapeEqualsTheScan) {
  const std::string pipeline = R"({"pipeline_id": {"eq": ")" + p.id + R"("}})";
  const std::vector<std::string> definitions = {
      R"({"object": "deals", "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}, {"op": "avg", "field": "amount"}, {"op": "count", "field": "amount"}]})",
      R"({"object": "deals", "group_by": ["stage_id", "owner_id"], "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}]})",
      R"({"object": "deals", "filter": )" + pipeline + R"(, "group_by": ["team"], "measures": [{"op": "count"}, {"op": "avg", "field": "amount"}]})",
      R"({"object": "deals", "group_by": ["pipeline_id", "currency"], "measures": [{"op": "count", "field": "stage_id"}]})",
      R"({"object": "deals", "group_by": [{"field": "expected_close_date", "bucket": "month"}], "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}]})",
      R"({"object": "deals", "group_by": [{"field": "expected_close_date", "bucket": "quarter"}, "owner_id"], "measures": [{"op": "count"}]})",
      R"({"object": "deals", "group_by": [{"field": "closed_at", "bucket": "year"}], "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}]})",
      R"({"object": "deals", "filter": {"currency": {"ne": "USD"}, "owner_id": {"eq": ")" + std::string(kUser2) +
          R"("}}, "group_by": ["stage_id"], "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}]})",
      R"({"object": "deals", "filter": {"stage_id": {"in": ")" + p.stages[0].id + "," + p.stages[2].id +
          R"("}}, "group_by": [{"field": "closed_at", "bucket": "month"}], "measures": [{"op": "count"}], "sort": "-count"})",
      // From deal_created_totals.
      R"({"object": "deals", "group_by": ["owner_id", {"field": "created_at", "bucket": "month"}], "measures": [{"op": "count"},
          {"op": "sum", "field": "amount"}, {"op": "avg", "field": "amount"}]})",
      R"({"object": "deals", "filter": )" + pipeline + R"(, "group_by": ["team", {"field": "created_at", "bucket": "quarter"}],
          "measures": [{"op": "count"}, {"op": "count", "field": "amount"}]})",
      R"({"object": "deals", "filter": {"currency": {"in": "EUR,USD"}}, "group_by": [{"field": "created_at", "bucket": "year"}, "stage_id"],
          "measures": [{"op": "sum", "field": "amount"}], "sort": "-sum_amount"})",
      // Medians read by an ordered index per group (kept_median.hpp): groups of one and of two amounts.
      R"({"object": "deals", "group_by": ["owner_id"], "measures": [{"op": "median", "field": "amount"}, {"op": "count"}], "sort": "-median_amount"})",
      R"({"object": "deals", "measures": [{"op": "median", "field": "amount"}, {"op": "avg", "field": "amount"}]})",
  };
  for (const auto& d : definitions) {
    ASSERT_TRUE(kept(d)) << d;
    EXPECT_EQ(json::serialize(answer(d)), json::serialize(scanned(d))) << d;
  }
  // A date (not a time) is bucketed the same in any zone.
  const std::string by_quarter = definitions[5];
  ASSERT_TRUE(kept(by_quarter, "Pacific/Auckland"));
  EXPECT_EQ(json::serialize(answer(by_quarter, "Pacific/Auckland")), json::serialize(scanned(by_quarter, "Pacific/Auckland")));
}

// Minimums and maximums read by one seek per raw kept group (kept_extremes.hpp) equal the scan's on
// varied deals (three currencies and none, two owners and none, close months over two years and
// none, amounts missing or equal), for an admin and for a rep whose scope is their own deals.
TEST_F(KeptReport, ExtremesBySeeksEqualTheScan) {
  std::mt19937 random(17);
  const std::vector<std::string> currencies{"EUR", "USD", "JPY", ""};
  const std::vector<std::string> owners{ctx.user_id, kUser2, ""};
  for (int i = 0; i < 120; ++i) {
    const int month = static_cast<int>(random() % 26);
    std::string close;
    if (random() % 9 != 0) {
      close = std::to_string(2025 + month / 12) + "-" + (month % 12 < 9 ? "0" : "") + std::to_string(month % 12 + 1) + "-" +
              (random() % 2 ? "01" : "28");
    }
    const std::string& currency = currencies[random() % currencies.size()];
    std::optional<int64_t> amount;  // an amount needs its currency
    if (!currency.empty() && random() % 7 != 0) amount = static_cast<int64_t>(random() % 5000);
    add(random() % 2 ? p : q, 0, amount, currency, owners[random() % owners.size()], close);
  }
  auto own = std::make_shared<identity::Permissions>();
  own->defaults.fill(identity::Scope::Own);
  access::Context rep = ctx;
  rep.grants = own;
  const std::vector<std::string> definitions = {
      R"({"object": "deals", "group_by": [{"field": "expected_close_date", "bucket": "quarter"}], "measures": [{"op": "count"}, {"op": "max", "field": "amount"}]})",
      R"({"object": "deals", "group_by": [{"field": "expected_close_date", "bucket": "month"}], "measures": [{"op": "min", "field": "amount"}]})",
      R"({"object": "deals", "group_by": ["owner_id", {"field": "expected_close_date", "bucket": "year"}],
          "measures": [{"op": "min", "field": "amount"}, {"op": "max", "field": "amount"}, {"op": "avg", "field": "amount"}], "sort": "-max_amount"})",
      R"({"object": "deals", "group_by": ["team"], "measures": [{"op": "max", "field": "amount"}, {"op": "count", "field": "amount"}]})",
      R"({"object": "deals", "group_by": ["owner_id"], "measures": [{"op": "min", "field": "amount"}, {"op": "median", "field": "amount"}]})",
      R"({"object": "deals", "measures": [{"op": "min", "field": "amount"}, {"op": "max", "field": "amount"}, {"op": "sum", "field": "amount"}]})",
  };
  for (const auto* who : {&ctx, &rep}) {
    for (const auto& d : definitions) {
      ASSERT_TRUE(kept(d)) << d;
      EXPECT_EQ(json::serialize(answer_for(*who, d)), json::serialize(scanned_for(*who, d))) << d;
    }
  }
  // The seeks follow a change of the deals at once (nothing of the extremes is kept).
  exec("UPDATE deals SET amount = 99999999 WHERE id = (SELECT id FROM deals WHERE expected_close_date IS NOT NULL ORDER BY id LIMIT 1)");
  exec("UPDATE deals SET deleted_at = '2026-07-01T00:00:00.000Z' WHERE amount = (SELECT min(amount) FROM deals)");
  for (const auto& d : definitions) EXPECT_EQ(json::serialize(answer(d)), json::serialize(scanned(d))) << d;
}

TEST_F(KeptReport, ReadsTheSmallestKeptTableThatHoldsTheDefinition) {
  // Only the kept path can see a change made to one kept table alone: each definition below reads the
  // table named beside it.
  struct Case {
    std::string definition, table, where;
  };
  const std::string by_created = R"({"object": "deals", "group_by": [{"field": "created_at", "bucket": "year"}], "measures": [{"op": "count"}]})";
  const std::vector<Case> cases = {
      {R"({"object": "deals", "measures": [{"op": "count"}]})", "deal_owner_totals", "currency = 'EUR'"},
      {R"({"object": "deals", "group_by": ["team", {"field": "expected_close_date", "bucket": "year"}], "measures": [{"op": "count"}]})",
       "deal_owner_totals", "currency = 'EUR'"},
      {R"({"object": "deals", "filter": {"pipeline_id": {"ne": "x"}}, "measures": [{"op": "count"}]})", "deal_totals", "pipeline_id = '" + q.id + "'"},
      {R"({"object": "deals", "group_by": ["stage_id"], "measures": [{"op": "count"}]})", "deal_totals", "pipeline_id = '" + q.id + "'"},
      {R"({"object": "deals", "group_by": [{"field": "closed_at", "bucket": "year"}], "measures": [{"op": "count"}]})", "deal_totals",
       "pipeline_id = '" + q.id + "'"},
      {by_created, "deal_owner_created_totals", "created_month = '2026-01'"},
      {R"({"object": "deals", "filter": {"stage_id": {"ne": "x"}}, "group_by": [{"field": "created_at", "bucket": "year"}],
          "measures": [{"op": "count"}]})",
       "deal_created_totals", "created_month = '2026-01'"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.definition);
    ASSERT_TRUE(kept(c.definition));
    const int64_t before = answer(c.definition).at("totals").as_array()[0].at("values").at("count").as_int64();
    EXPECT_EQ(scanned(c.definition).at("totals").as_array()[0].at("values").at("count").as_int64(), before);
    const std::string rows = " WHERE workspace_id = 'ws1' AND deals > 0 AND " + c.where;
    const int64_t n = db->read([&](db::Connection& conn) { return std::get<int64_t>(conn.scalar("SELECT count(*) FROM " + c.table + rows, {})); });
    ASSERT_GT(n, 0);
    exec("UPDATE " + c.table + " SET deals = deals + 100" + rows);
    EXPECT_EQ(answer(c.definition).at("totals").as_array()[0].at("values").at("count").as_int64(), before + 100 * n);
    EXPECT_EQ(scanned(c.definition).at("totals").as_array()[0].at("values").at("count").as_int64(), before);
    exec("UPDATE " + c.table + " SET deals = deals - 100 WHERE workspace_id = 'ws1' AND deals >= 100");
  }
}

// deal_created_totals and the owner aggregates hold what an aggregation of the live deals by creation
// month (and by owner, currency and expected close or creation month) gives, after creates, updates
// of every kept column, a soft delete, a restore and a hard delete (migrations 0077's and 0090's
// triggers; the functional test runs the same on PostgreSQL's).
TEST_F(KeptReport, CreatedTotalsFollowEveryWrite) {
  auto check = [&](const char* step) {
    SCOPED_TRACE(step);
    EXPECT_EQ(rows("SELECT workspace_id, pipeline_id, created_month, owner_id, currency, stage_id, deals, amounts, amount_high, amount_low "
                   "FROM deal_created_totals WHERE deals <> 0 OR amounts <> 0 OR amount_high <> 0 OR amount_low <> 0 ORDER BY 1, 2, 3, 4, 5, 6"),
              rows("SELECT workspace_id, pipeline_id, substr(created_at, 1, 7), coalesce(owner_id, ''), coalesce(currency, ''), stage_id, count(*), "
                   "count(amount), coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0) FROM deals "
                   "WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6"));
    // The owner aggregates of migration 0090: the same figures without the pipeline and stage.
    for (const auto& [table, month] : std::vector<std::pair<std::string, std::string>>{
             {"deal_owner_totals", "coalesce(substr(expected_close_date, 1, 7), '')"}, {"deal_owner_created_totals", "substr(created_at, 1, 7)"}}) {
      const std::string month_column = table == "deal_owner_totals" ? "close_month" : "created_month";
      EXPECT_EQ(rows("SELECT workspace_id, owner_id, currency, " + month_column + ", deals, amounts, amount_high, amount_low FROM " + table +
                     " WHERE deals <> 0 OR amounts <> 0 OR amount_high <> 0 OR amount_low <> 0 ORDER BY 1, 2, 3, 4"),
                rows("SELECT workspace_id, coalesce(owner_id, ''), coalesce(currency, ''), " + month + ", count(*), count(amount), "
                     "coalesce(sum(amount / 1000000000), 0), coalesce(sum(amount % 1000000000), 0) FROM deals WHERE deleted_at IS NULL "
                     "GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"))
          << table;
    }
  };
  check("created");
  exec("UPDATE deals SET amount = 1234567890123, currency = 'USD', owner_id = NULL WHERE amount = 1000");
  exec("UPDATE deals SET stage_id = ?, pipeline_id = ? WHERE amount = 3001", {q.stages[0].id, q.id});
  exec("UPDATE deals SET created_at = '2024-02-29T12:00:00.000Z', amount = NULL WHERE amount = 500");
  exec("UPDATE deals SET expected_close_date = '2027-11-30' WHERE amount = 7000");
  exec("UPDATE deals SET expected_close_date = NULL WHERE amount = 3001");
  check("updated");
  exec("UPDATE deals SET deleted_at = '2026-07-01T00:00:00.000Z' WHERE amount = 7000 OR amount = 999999");
  check("soft-deleted");
  exec("UPDATE deals SET deleted_at = NULL WHERE amount = 7000");
  check("restored");
  exec("DELETE FROM deal_stage_history WHERE deal_id IN (SELECT id FROM deals WHERE amount = 250 OR amount = 999999)");
  exec("DELETE FROM deals WHERE amount = 250 OR amount = 999999");
  check("deleted");
}

}  // namespace
}  // namespace rapport::analytics
