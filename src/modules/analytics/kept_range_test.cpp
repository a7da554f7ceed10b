// Deals reports filtered by an amount range, answered from the kept buckets of migration 0089
// (kept_range.hpp): which definitions and callers are (not a rep whose scope is their own deals: the
// buckets keep no owner), that the buckets equal the live deals bucketed here independently after
// every kind of write, and that the answers equal the scan's to the figure for ranges that cut
// buckets, match whole ones, hold nothing or reach the int64 limits.
#include "modules/analytics/kept_range.hpp"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <random>

#include "modules/analytics/amount_buckets.hpp"
#include "modules/analytics/report_output.hpp"
#include "modules/analytics/report_query.hpp"
#include "modules/sales/sales_test_support.hpp"

namespace rapport::analytics {
namespace {
namespace json = boost::json;

using sales::testing::kUser2;

class KeptRange : public sales::testing::SalesDb {
 protected:
  sales::Pipeline p, q;
  access::Context rep;

  void SetUp() override {
    SalesDb::SetUp();
    exec("INSERT INTO users(id, workspace_id, email, password_hash, role, created_at, updated_at) VALUES "
         "('01890000-0000-7000-8000-0000000000bb', 'ws1', 'b@example.com', 'x', 'admin', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
    exec("INSERT INTO teams(id, workspace_id, name, created_at, updated_at) VALUES ('team-a', 'ws1', 'A', 'x', 'x')");
    exec("INSERT INTO team_members(workspace_id, team_id, user_id, added_at) VALUES ('ws1', 'team-a', '01890000-0000-7000-8000-0000000000aa', 'x')");
    p = pipeline("P", {"open", "open", "won"});
    q = pipeline("Q", {"open", "lost"});
    auto own = std::make_shared<identity::Permissions>();
    own->defaults.fill(identity::Scope::Own);
    rep = ctx;
    rep.grants = own;
    // Amounts around bucket edges (1,299 | 1,300; 99 | 100; 5,000,000 | 5,100,000), far apart, equal,
    // missing; three currencies and none, two owners and none, two pipelines.
    std::mt19937 random(89);
    const std::vector<int64_t> amounts{0, 1, 99, 100, 109, 110, 1299, 1300, 1301, 4'999'999, 5'000'000, 5'049'999, 5'099'999, 5'100'000,
                                       123'456'789, 1'000'000'000'000};
    const std::vector<std::string> currencies{"EUR", "USD", "JPY"};
    const std::vector<std::string> owners{ctx.user_id, kUser2, ""};
    for (int i = 0; i < 150; ++i) {
      const sales::Pipeline& in = random() % 3 ? p : q;
      const auto& stage = in.stages[random() % in.stages.size()];
      json::object extra;
      const std::string& owner = owners[random() % owners.size()];
      if (!owner.empty()) extra["owner_id"] = owner;
      if (random() % 8 != 0) {
        extra["amount"] = amounts[random() % amounts.size()];
        extra["currency"] = currencies[random() % currencies.size()];
      }
      if (stage.type != "open") extra["expected_close_date"] = "2026-05-01";
      if (stage.type == "lost") extra["lost_reason"] = "price";
      deal(in, stage, "d", extra);
    }
    // Negative amounts (a credit note's deal): written through SQL, which the triggers follow.
    exec("UPDATE deals SET amount = -amount WHERE amount IS NOT NULL AND rowid % 5 = 0");
  }

  // deal_stage_amount_buckets (rows not brought to zero) and the live deals bucketed here.
  void expect_buckets_follow_the_deals(const char* step) {
    SCOPED_TRACE(step);
    std::map<std::string, std::array<int64_t, 3>> want;
    for (const auto& row : rows("SELECT workspace_id, pipeline_id, stage_id, coalesce(currency, ''), amount FROM deals "
                                "WHERE deleted_at IS NULL AND amount IS NOT NULL")) {
      const auto cut = row.rfind('|', row.size() - 2);
      const int64_t amount = std::stoll(row.substr(cut + 1));
      int64_t unit = 1;
      for (int64_t m = amount < 0 ? -amount : amount; m >= 100; m /= 10) unit *= 10;
      auto& w = want[std::to_string(amount / unit * unit) + "|" + row.substr(0, cut + 1)];
      w[0] += 1;
      w[1] += amount / 1'000'000'000;
      w[2] += amount % 1'000'000'000;
    }
    std::vector<std::string> expected;
    for (const auto& [key, w] : want)
      expected.push_back(key + std::to_string(w[0]) + "|" + std::to_string(w[1]) + "|" + std::to_string(w[2]) + "|");
    std::sort(expected.begin(), expected.end());
    auto kept = rows("SELECT bucket, workspace_id, pipeline_id, stage_id, currency, deals, amount_high, amount_low "
                     "FROM deal_stage_amount_buckets WHERE deals <> 0 OR amount_high <> 0 OR amount_low <> 0");
    std::sort(kept.begin(), kept.end());
    EXPECT_EQ(kept, expected);
  }

  Definition parse(const std::string& definition) {
    auto d = parse_definition(json::parse(definition).as_object(), sales::deal_spec(), {}, ctx);
    EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.problem().detail);
    return d.ok() ? *d : Definition{};
  }
  bool kept(const std::string& definition, const access::Context* who = nullptr) {
    return kept_range_query(who ? *who : ctx, parse(definition), db::Dialect::Sqlite).has_value();
  }

  std::string answer(const access::Context& who, const std::string& definition) {
    Definition d = parse(definition);
    auto zone = jobs::time_zone("UTC");
    return db->read([&](db::Connection& c) -> std::string {
      auto data = run_report(c, who, d, {}, *zone);
      EXPECT_TRUE(data.ok()) << (data.ok() ? "" : data.problem().detail);
      if (!data.ok()) return {};
      auto out = report_json(d, *data, "UTC");
      return out.ok() ? json::serialize(*out) : std::string();
    });
  }
  // The same through the scan: a condition every deal meets on a field nothing kept holds.
  std::string scanned(const access::Context& who, const std::string& definition) {
    json::object body = json::parse(definition).as_object();
    body["filter"].as_object()["name"] = json::object{{"is_null", "false"}};
    const std::string forced = json::serialize(body);
    EXPECT_FALSE(kept(forced));
    return answer(who, forced);
  }
};

TEST_F(KeptRange, AnswersOnlyRangesOfTheAmountWithKeptGroupsAndMeasures) {
  EXPECT_TRUE(kept(R"({"object": "deals", "filter": {"amount": {"gte": 5000000}}, "group_by": ["stage_id"], "measures": [{"op": "count"}]})"));
  EXPECT_TRUE(kept(R"({"object": "deals", "filter": {"amount": {"gt": 10, "lte": 20}, "pipeline_id": {"eq": ")" + p.id +
                   R"("}}, "group_by": ["pipeline_id", "currency"], "measures": [{"op": "sum", "field": "amount"}, {"op": "avg", "field": "amount"}]})"));
  // The buckets keep no owner: not for a narrower scope, nor grouped or filtered by the owner.
  EXPECT_FALSE(kept(R"({"object": "deals", "filter": {"amount": {"gte": 5000000}}, "group_by": ["stage_id"], "measures": [{"op": "count"}]})", &rep));
  EXPECT_FALSE(kept(R"({"object": "deals", "filter": {"amount": {"gte": 5}}, "group_by": ["owner_id"], "measures": [{"op": "count"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "filter": {"amount": {"gte": 5}}, "group_by": ["team"], "measures": [{"op": "count"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "filter": {"amount": {"gte": 5}, "owner_id": {"eq": ")" + std::string(kUser2) +
                    R"("}}, "measures": [{"op": "count"}]})"));
  // A date group, a median or extreme, an equality on the amount, another field's filter: not kept.
  EXPECT_FALSE(kept(R"({"object": "deals", "filter": {"amount": {"gte": 5}}, "group_by": [{"field": "expected_close_date", "bucket": "month"}],
                    "measures": [{"op": "count"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "filter": {"amount": {"gte": 5}}, "measures": [{"op": "max", "field": "amount"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "filter": {"amount": {"gte": 5}}, "measures": [{"op": "median", "field": "amount"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "filter": {"amount": {"eq": 5}}, "measures": [{"op": "count"}]})"));
  EXPECT_FALSE(kept(R"({"object": "deals", "filter": {"amount": {"gte": 5}, "name": {"contains": "a"}}, "measures": [{"op": "count"}]})"));
  // Without a range of the amount, the kept totals or the scan answer.
  EXPECT_FALSE(kept(R"({"object": "deals", "group_by": ["stage_id"], "measures": [{"op": "count"}]})"));
}

TEST_F(KeptRange, TheBucketsFollowEveryWrite) {
  expect_buckets_follow_the_deals("created");
  exec("UPDATE deals SET amount = 5050000, currency = 'USD', owner_id = NULL WHERE rowid % 7 = 1");
  exec("UPDATE deals SET stage_id = ?, pipeline_id = ? WHERE rowid % 7 = 2", {q.stages[0].id, q.id});
  exec("UPDATE deals SET amount = NULL WHERE rowid % 7 = 3");
  exec("UPDATE deals SET name = 'renamed' WHERE rowid % 7 = 4");  // no kept column: the buckets stay
  expect_buckets_follow_the_deals("updated");
  exec("UPDATE deals SET deleted_at = '2026-07-01T00:00:00.000Z' WHERE rowid % 7 = 5");
  expect_buckets_follow_the_deals("soft-deleted");
  exec("UPDATE deals SET deleted_at = NULL WHERE rowid % 14 = 5");
  expect_buckets_follow_the_deals("restored");
  exec("DELETE FROM deal_stage_history WHERE deal_id IN (SELECT id FROM deals WHERE rowid % 7 = 6)");
  exec("DELETE FROM deals WHERE rowid % 7 = 6");
  expect_buckets_follow_the_deals("deleted");
}

TEST_F(KeptRange, EveryRangeEqualsTheScan) {
  const std::string by = R"(, "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}, {"op": "avg", "field": "amount"},
                                           {"op": "count", "field": "amount"}]})";
  const std::vector<std::string> ranges = {
      R"({"gte": 5000000})", R"({"gt": 4999999})", R"({"gte": 5000001})", R"({"gte": 1300, "lt": 5100000})",
      R"({"gt": 1299, "lte": 1300})", R"({"gte": 1301, "lte": 1301})", R"({"lt": 100})", R"({"lte": -100})",
      R"({"gte": -1300, "lte": 1299})", R"({"gte": 99, "lte": 110})", R"({"gte": 7, "lt": 7})", R"({"gt": 9223372036854775807})",
      R"({"lt": -9223372036854775808})", R"({"gte": -9223372036854775808})", R"({"lte": 9223372036854775807})",
      R"({"gte": 5000000, "lte": 5000000})", R"({"gte": 120000000, "lte": 1000000000000})"};
  const std::vector<std::string> groups = {R"("group_by": ["stage_id"])", R"("group_by": ["stage_id", "pipeline_id"])",
                                           R"("group_by": ["currency"])", R"("limit": 2000)"};
  for (const auto& range : ranges) {
    for (const auto& group : groups) {
      const std::string d = R"({"object": "deals", "filter": {"amount": )" + range + "}, " + group + by;
      ASSERT_TRUE(kept(d)) << d;
      EXPECT_EQ(answer(ctx, d), scanned(ctx, d)) << d;
    }
  }
  // With filters on the kept keys.
  const std::vector<std::string> filtered = {
      R"({"object": "deals", "filter": {"amount": {"gte": 1000}, "pipeline_id": {"eq": ")" + p.id + R"("}}, "group_by": ["stage_id"])" + by,
      R"({"object": "deals", "filter": {"amount": {"lte": 5099999}, "currency": {"ne": "USD"}, "pipeline_id": {"in": ")" + q.id +
          R"("}}, "group_by": ["stage_id"])" + by,
      R"({"object": "deals", "filter": {"amount": {"gt": 0}, "stage_id": {"in": ")" + p.stages[0].id + "," + q.stages[1].id +
          R"("}}, "group_by": ["currency"], "sort": "-sum_amount")" + by};
  for (const auto& d : filtered) {
    ASSERT_TRUE(kept(d)) << d;
    EXPECT_EQ(answer(ctx, d), scanned(ctx, d)) << d;
  }
}

// Only the kept path can see a change made to the buckets alone: the answer is read from them.
TEST_F(KeptRange, ReadsTheKeptBuckets) {
  const std::string d = R"({"object": "deals", "filter": {"amount": {"gte": 100000000}}, "measures": [{"op": "count"}]})";
  const std::string before = answer(ctx, d);
  EXPECT_EQ(before, scanned(ctx, d));
  exec("UPDATE deal_stage_amount_buckets SET deals = deals + 100 WHERE workspace_id = 'ws1' AND bucket = ?",
       {amount_bucket(1'000'000'000'000)});
  EXPECT_NE(answer(ctx, d), before);
  EXPECT_EQ(scanned(ctx, d), before);
}

}  // namespace
}  // namespace rapport::analytics
