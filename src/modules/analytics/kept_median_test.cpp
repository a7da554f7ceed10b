// Medians read from the kept amount buckets (kept_median.hpp, migration 0084): the buckets equal the
// live deals bucketed here independently after every kind of write, and the medians equal the scan's
// (for an admin and a rep), also when the kept counts cannot place the middle. A bucket's bounds are
// tested in amount_buckets_test.cpp.
#include "modules/analytics/kept_median.hpp"

#include <gtest/gtest.h>

#include <random>

#include "modules/analytics/kept_report.hpp"
#include "modules/analytics/report_output.hpp"
#include "modules/sales/sales_test_support.hpp"

namespace rapport::analytics {
namespace {
namespace json = boost::json;

using sales::testing::kUser2;

// The bucket of an amount, computed here: truncated toward zero to two significant digits.
int64_t expected_bucket(int64_t a) {
  int64_t unit = 1;
  for (int64_t m = a < 0 ? -a : a; m >= 100; m /= 10) unit *= 10;
  return a / unit * unit;
}

class KeptMedian : public sales::testing::SalesDb {
 protected:
  sales::Pipeline p;
  access::Context rep;

  void SetUp() override {
    SalesDb::SetUp();
    exec("INSERT INTO users(id, workspace_id, email, password_hash, role, created_at, updated_at) VALUES "
         "('01890000-0000-7000-8000-0000000000bb', 'ws1', 'b@example.com', 'x', 'admin', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
    p = pipeline("P", {"open", "won"});
    auto own = std::make_shared<identity::Permissions>();
    own->defaults.fill(identity::Scope::Own);
    rep = ctx;
    rep.grants = own;
  }

  // deal_amount_buckets against the live deals bucketed by bucket_of.
  void check_buckets(const char* step) {
    SCOPED_TRACE(step);
    std::map<std::string, int64_t> want;
    for (const auto& row : rows("SELECT workspace_id || '|' || coalesce(owner_id, '') || '|' || coalesce(currency, ''), amount FROM deals "
                                "WHERE deleted_at IS NULL AND amount IS NOT NULL")) {
      const auto cut = row.find('|', row.find('|', row.find('|') + 1) + 1);
      ++want[row.substr(0, cut + 1) + std::to_string(expected_bucket(std::stoll(row.substr(cut + 1))))];
    }
    std::vector<std::string> expected;
    for (const auto& [k, n] : want) expected.push_back(k + "|" + std::to_string(n) + "|");
    EXPECT_EQ(rows("SELECT workspace_id, owner_id, currency, bucket, deals FROM deal_amount_buckets WHERE deals <> 0 "
                   "ORDER BY workspace_id || '|' || owner_id || '|' || currency || '|' || bucket"),
              expected);
  }

  void add(std::optional<int64_t> amount, const std::string& currency, const std::string& owner) {
    json::object extra;
    if (!owner.empty()) extra["owner_id"] = owner;
    if (amount) extra["amount"] = *amount;
    if (!currency.empty()) extra["currency"] = currency;
    deal(p, p.stages[0], "d", extra);
  }

  json::object answer_for(const access::Context& who, const std::string& definition) {
    auto d = parse_definition(json::parse(definition).as_object(), sales::deal_spec(), {}, ctx);
    EXPECT_TRUE(d.ok());
    auto tz = jobs::time_zone("UTC");
    return db->read([&](db::Connection& c) -> json::object {
      auto data = run_report(c, who, *d, {}, *tz);
      EXPECT_TRUE(data.ok()) << (data.ok() ? "" : data.problem().detail);
      if (!data.ok()) return {};
      auto out = report_json(*d, *data, "UTC");
      return out.ok() ? *out : json::object{};
    });
  }

  // The same definition forced through the scan (a condition every deal meets on a field not kept).
  json::object scanned_for(const access::Context& who, const std::string& definition) {
    json::object body = json::parse(definition).as_object();
    body["filter"] = json::object{{"name", json::object{{"is_null", "false"}}}};
    return answer_for(who, json::serialize(body));
  }

  void expect_scan(const char* step) {
    SCOPED_TRACE(step);
    for (const auto& d : definitions)
      for (const auto* who : {&ctx, &rep}) EXPECT_EQ(json::serialize(answer_for(*who, d)), json::serialize(scanned_for(*who, d))) << d;
  }

  const std::vector<std::string> definitions = {
      R"({"object": "deals", "group_by": ["owner_id"], "measures": [{"op": "median", "field": "amount"}, {"op": "count"}]})",
      R"({"object": "deals", "measures": [{"op": "median", "field": "amount"}, {"op": "avg", "field": "amount"}]})",
  };
};

// Groups over many buckets, many equal amounts in one bucket, negative amounts (by SQL) and zero, odd and even
// counts (the middle two in one bucket or in two), three owners (one none) and two currencies.
TEST_F(KeptMedian, MediansFromTheBucketsEqualTheScanThroughEveryWrite) {
  std::mt19937 random(84);
  const std::vector<std::string> owners{ctx.user_id, kUser2, ""};
  for (int i = 0; i < 240; ++i) {
    int64_t amount = 0;
    switch (random() % 4) {
      case 0: amount = 1200 + static_cast<int64_t>(random() % 3); break;  // one crowded bucket
      case 1: amount = static_cast<int64_t>(random() % 2'000'000); break;
      case 2: amount = static_cast<int64_t>(random() % 200); break;  // 0-99: their own buckets
      default: amount = static_cast<int64_t>(random() % 1000) * 1000; break;
    }
    std::optional<int64_t> a;
    if (random() % 9 != 0) a = amount;
    add(a, random() % 3 ? "EUR" : "USD", owners[random() % owners.size()]);
  }
  for (const auto& d : definitions) ASSERT_TRUE(kept_deal_query(ctx, *parse_definition(json::parse(d).as_object(), sales::deal_spec(), {}, ctx),
                                                                *jobs::time_zone("UTC"), db::Dialect::Sqlite))
                                         << d;
  check_buckets("created");
  expect_scan("created");

  // Negative amounts (the API refuses them for deals, not the kept figures): through SQL.
  exec("UPDATE deals SET amount = -amount WHERE amount > 1500000 OR amount BETWEEN 1 AND 150");
  exec("UPDATE deals SET owner_id = ? WHERE amount BETWEEN 0 AND 50000", {kUser2});
  exec("UPDATE deals SET currency = 'USD' WHERE amount = 1201");
  exec("UPDATE deals SET amount = NULL WHERE amount = 1202");
  exec("UPDATE deals SET name = 'renamed' WHERE amount < 0");  // no kept column: the trigger does not run
  check_buckets("updated");
  expect_scan("updated");
  exec("UPDATE deals SET deleted_at = '2026-07-01T00:00:00.000Z' WHERE amount % 3 = 0");
  check_buckets("soft-deleted");
  expect_scan("soft-deleted");
  exec("UPDATE deals SET deleted_at = NULL WHERE amount % 2 = 0");
  check_buckets("restored");
  expect_scan("restored");
  exec("DELETE FROM deal_stage_history WHERE deal_id IN (SELECT id FROM deals WHERE amount % 5 = 0)");
  exec("DELETE FROM deals WHERE amount % 5 = 0");
  check_buckets("deleted");
  expect_scan("deleted");
}

// The read starts where the buckets say (counts moved by hand move the answer), and counts that do
// not reach the middle (none at all here) fall back to reading the group from its first amount.
TEST_F(KeptMedian, ReadsWhereTheBucketsSay) {
  for (int64_t a : {100, 200, 300, 400, 500}) add(a, "EUR", ctx.user_id);
  const std::string d = definitions[0];
  auto median = [&] { return answer_for(ctx, d).at("rows").as_array()[0].at("values").at("median_amount"); };
  EXPECT_EQ(median(), 300);
  // Two more amounts counted in the lowest bucket than it holds: the middle (rank 3 of 7) is then
  // taken as the first amount of the 200 bucket, and read from there.
  exec("UPDATE deal_amount_buckets SET deals = deals + 2 WHERE bucket = 100");
  exec("UPDATE deal_owner_totals SET deals = deals + 2, amounts = amounts + 2 WHERE workspace_id = 'ws1'");
  EXPECT_EQ(median(), 200);
  exec("UPDATE deal_owner_totals SET deals = deals - 2, amounts = amounts - 2 WHERE workspace_id = 'ws1'");
  exec("UPDATE deal_amount_buckets SET deals = 0");
  EXPECT_EQ(median(), 300);
}

}  // namespace
}  // namespace rapport::analytics
