// Deals reports answered from the kept totals (modules/analytics/kept_report.hpp) on the real server,
// SQLite and PostgreSQL: after creates, updates, stage moves, deletes, a restore and a contact's
// erasure, deal_totals and deal_created_totals equal the same aggregations of the deals, and the
// reports they answer (by stage and owner with count, sum, average and count of amounts per currency;
// by expected close quarter; by owner and creation month; the median amount by owner, read from the
// kept amount buckets (deal_amount_buckets, which equals the deals bucketed here) and an ordered
// index per group; the least and greatest amount by owner and close quarter, one index seek per
// kept group; an amount range by stage, from deal_stage_amount_buckets, which equals the deals
// bucketed here, and the deals of its edge buckets) equal independent SQL over the deals, for an
// admin and for a sales rep (own scope).
#include <algorithm>
#include <map>

#include "sales_helpers.hpp"

namespace rapport::testing {
namespace {

std::string num(const json::value& v) {
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_null()) return "null";
  return json::serialize(v);
}

class ReportBuilderKept : public Sales {
 protected:
  static inline Rep rep_;
  static void SetUpTestSuite() {
    Sales::SetUpTestSuite();
    rep_ = sign_in_new_rep("kept-rep-", "kept-rep-password-1234");
  }
  static void TearDownTestSuite() {
    rep_ = {};
    Sales::TearDownTestSuite();
  }

  // "stage owner currency" -> "count sum avg count_amount" of a report by stage and owner.
  std::map<std::string, std::string> by_stage_and_owner(const TestPipeline& p, bool as_rep) {
    json::value def = json::parse(R"({"object": "deals", "group_by": ["stage_id", "owner_id"], "measures": [{"op": "count"},
        {"op": "sum", "field": "amount"}, {"op": "avg", "field": "amount"}, {"op": "count", "field": "amount"}]})");
    def.as_object()["filter"] = json::object{{"pipeline_id", json::object{{"eq", p.id}}}};
    auto r = as_rep ? rep_.client->call("POST", "/api/v1/reports/run", rep_.token, &def) : post("/api/v1/reports/run", def);
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, std::string> got;
    if (r.status != 200) return got;
    const json::value answer = r.json();  // kept: the loop reads into it
    for (const auto& row : answer.at("rows").as_array()) {
      const auto& g = row.at("groups").as_array();
      const auto& v = row.at("values");
      got[std::string(g[0].as_string()) + " " + (g[1].is_null() ? "" : std::string(g[1].as_string())) + " " +
          (row.at("currency").is_null() ? "" : std::string(row.at("currency").as_string()))] =
          num(v.at("count")) + " " + num(v.at("sum_amount")) + " " + num(v.at("avg_amount")) + " " + num(v.at("count_amount"));
    }
    return got;
  }
  std::map<std::string, std::string> by_stage_and_owner_sql(const TestPipeline& p, const std::string& owner) {
    std::map<std::string, std::string> want;
    std::string q = "SELECT stage_id, coalesce(owner_id, ''), coalesce(currency, ''), CAST(count(*) AS TEXT), CAST(coalesce(sum(amount), 0) AS TEXT), "
                    "CAST(count(amount) AS TEXT) FROM deals WHERE pipeline_id = ? AND deleted_at IS NULL";
    std::vector<std::string> params{p.id};
    if (!owner.empty()) {
      q += " AND owner_id = ?";
      params.push_back(owner);
    }
    for (const auto& row : sql(q + " GROUP BY 1, 2, 3", params)) {
      const int64_t n = std::stoll(row[5]), sum = std::stoll(row[4]);
      const std::string avg = n ? std::to_string((2 * sum + n) / (2 * n)) : "null";  // half up: amounts are positive
      want[row[0] + " " + row[1] + " " + row[2]] = row[3] + " " + row[4] + " " + avg + " " + row[5];
    }
    return want;
  }

  // "stage currency" -> "count sum" of a report of the pipeline's deals with an amount from 1,240 to
  // 99,999 by stage: for the admin the kept amount buckets wholly inside the range and the deals of
  // the two buckets its ends cut (kept_range.hpp; 1,234 is outside and 1,250 inside bucket 1,200), for
  // the rep (own scope: the buckets keep no owner) the scan.
  std::map<std::string, std::string> by_stage_in_range(const TestPipeline& p, bool as_rep) {
    json::value def = json::parse(R"({"object": "deals", "filter": {"amount": {"gte": 1240, "lte": 99999}}, "group_by": ["stage_id"],
        "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}]})");
    def.as_object()["filter"].as_object()["pipeline_id"] = json::object{{"eq", p.id}};
    auto r = as_rep ? rep_.client->call("POST", "/api/v1/reports/run", rep_.token, &def) : post("/api/v1/reports/run", def);
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, std::string> got;
    if (r.status != 200) return got;
    const json::value answer = r.json();
    for (const auto& row : answer.at("rows").as_array())
      got[std::string(row.at("groups").as_array()[0].as_string()) + " " + std::string(row.at("currency").as_string())] =
          num(row.at("values").at("count")) + " " + num(row.at("values").at("sum_amount"));
    return got;
  }
  std::map<std::string, std::string> by_stage_in_range_sql(const TestPipeline& p, const std::string& owner) {
    std::string q = "SELECT stage_id, currency, CAST(count(*) AS TEXT), CAST(sum(amount) AS TEXT) FROM deals "
                    "WHERE pipeline_id = ? AND deleted_at IS NULL AND amount BETWEEN 1240 AND 99999";
    std::vector<std::string> params{p.id};
    if (!owner.empty()) {
      q += " AND owner_id = ?";
      params.push_back(owner);
    }
    std::map<std::string, std::string> want;
    for (const auto& row : sql(q + " GROUP BY 1, 2", params)) want[row[0] + " " + row[1]] = row[2] + " " + row[3];
    return want;
  }

  // "YYYY-Qn currency" (or "null ...") -> "count sum" of a report by expected close quarter.
  std::map<std::string, std::string> by_close_quarter(const TestPipeline& p) {
    json::value def = json::parse(R"({"object": "deals", "group_by": [{"field": "expected_close_date", "bucket": "quarter"}],
        "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}]})");
    def.as_object()["filter"] = json::object{{"pipeline_id", json::object{{"eq", p.id}}}};
    auto r = post("/api/v1/reports/run", def);
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, std::string> got;
    if (r.status != 200) return got;
    const json::value answer = r.json();
    for (const auto& row : answer.at("rows").as_array()) {
      const auto& g = row.at("groups").as_array()[0];
      got[(g.is_null() ? std::string("null") : std::string(g.as_string())) + " " +
          (row.at("currency").is_null() ? "" : std::string(row.at("currency").as_string()))] =
          num(row.at("values").at("count")) + " " + num(row.at("values").at("sum_amount"));
    }
    return got;
  }
  std::map<std::string, std::string> by_close_quarter_sql(const TestPipeline& p) {
    std::map<std::string, std::pair<int64_t, int64_t>> sums;
    for (const auto& row : sql("SELECT coalesce(expected_close_date, ''), coalesce(currency, ''), CAST(coalesce(amount, 0) AS TEXT) FROM deals "
                               "WHERE pipeline_id = ? AND deleted_at IS NULL",
                               {p.id})) {
      std::string quarter = "null";
      if (!row[0].empty()) {
        quarter = row[0].substr(0, 4) + "-Q";
        quarter += std::to_string((std::stoi(row[0].substr(5, 2)) - 1) / 3 + 1);
      }
      auto& s = sums[quarter + " " + row[1]];
      s.first += 1;
      s.second += std::stoll(row[2]);
    }
    std::map<std::string, std::string> want;
    for (const auto& [k, s] : sums) want[k] = std::to_string(s.first) + " " + std::to_string(s.second);
    return want;
  }

  // "owner YYYY-MM currency" -> "count sum count_amount" of a report by owner and creation month.
  // Of one pipeline (deal_created_totals), or of the whole workspace when `p` is null
  // (deal_owner_created_totals, migration 0090).
  std::map<std::string, std::string> by_owner_created(const TestPipeline* p, bool as_rep) {
    json::value def = json::parse(R"({"object": "deals", "group_by": ["owner_id", {"field": "created_at", "bucket": "month"}],
        "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}, {"op": "count", "field": "amount"}]})");
    if (p) def.as_object()["filter"] = json::object{{"pipeline_id", json::object{{"eq", p->id}}}};
    auto r = as_rep ? rep_.client->call("POST", "/api/v1/reports/run", rep_.token, &def) : post("/api/v1/reports/run", def);
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, std::string> got;
    if (r.status != 200) return got;
    const json::value answer = r.json();
    for (const auto& row : answer.at("rows").as_array()) {
      const auto& g = row.at("groups").as_array();
      got[(g[0].is_null() ? "" : std::string(g[0].as_string())) + " " + std::string(g[1].as_string()) + " " +
          (row.at("currency").is_null() ? "" : std::string(row.at("currency").as_string()))] =
          num(row.at("values").at("count")) + " " + num(row.at("values").at("sum_amount")) + " " + num(row.at("values").at("count_amount"));
    }
    return got;
  }
  std::map<std::string, std::string> by_owner_created_sql(const TestPipeline* p, const std::string& ws, const std::string& owner) {
    std::string q = "SELECT coalesce(owner_id, ''), substr(created_at, 1, 7), coalesce(currency, ''), CAST(count(*) AS TEXT), "
                    "CAST(coalesce(sum(amount), 0) AS TEXT), CAST(count(amount) AS TEXT) FROM deals WHERE workspace_id = ? AND deleted_at IS NULL";
    std::vector<std::string> params{ws};
    if (p) {
      q += " AND pipeline_id = ?";
      params.push_back(p->id);
    }
    if (!owner.empty()) {
      q += " AND owner_id = ?";
      params.push_back(owner);
    }
    std::map<std::string, std::string> want;
    for (const auto& row : sql(q + " GROUP BY 1, 2, 3", params)) want[row[0] + " " + row[1] + " " + row[2]] = row[3] + " " + row[4] + " " + row[5];
    return want;
  }

  // `columns` of the live deals of workspace `ws`, of `owner` alone when given (a rep's own scope).
  Rows live_deals(const std::string& columns, const std::string& ws, const std::string& owner) {
    std::string q = "SELECT " + columns + " FROM deals WHERE workspace_id = ? AND deleted_at IS NULL";
    std::vector<std::string> params{ws};
    if (!owner.empty()) {
      q += " AND owner_id = ?";
      params.push_back(owner);
    }
    return sql(q, params);
  }

  // "owner currency" (owner "*" for the totals) -> the median amount of a report by owner over every
  // deal of the workspace (kept_median.hpp reads it by an ordered index per group).
  std::map<std::string, std::string> medians_by_owner(bool as_rep) {
    json::value def = json::parse(R"({"object": "deals", "group_by": ["owner_id"], "measures": [{"op": "median", "field": "amount"}]})");
    auto r = as_rep ? rep_.client->call("POST", "/api/v1/reports/run", rep_.token, &def) : post("/api/v1/reports/run", def);
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, std::string> got;
    if (r.status != 200) return got;
    const json::value answer = r.json();
    auto currency = [](const json::value& row) { return row.at("currency").is_null() ? std::string() : std::string(row.at("currency").as_string()); };
    for (const auto& row : answer.at("rows").as_array()) {
      const auto& g = row.at("groups").as_array()[0];
      got[(g.is_null() ? std::string() : std::string(g.as_string())) + " " + currency(row)] = num(row.at("values").at("median_amount"));
    }
    for (const auto& row : answer.at("totals").as_array()) got["* " + currency(row)] = num(row.at("values").at("median_amount"));
    return got;
  }
  // The same from every amount, ordered here (half away from zero: amounts are positive); a group of
  // deals without an amount has none.
  std::map<std::string, std::string> medians_by_owner_sql(const std::string& ws, const std::string& owner) {
    std::map<std::string, std::vector<int64_t>> values;
    for (const auto& row : live_deals("coalesce(owner_id, ''), coalesce(currency, ''), coalesce(CAST(amount AS TEXT), '')", ws, owner)) {
      for (const std::string& key : {row[0] + " " + row[1], "* " + row[1]}) {
        auto& v = values[key];
        if (!row[2].empty()) v.push_back(std::stoll(row[2]));
      }
    }
    std::map<std::string, std::string> want;
    for (auto& [k, v] : values) {
      std::sort(v.begin(), v.end());
      const std::size_t h = v.size() / 2;
      want[k] = v.empty() ? "null" : std::to_string(v.size() % 2 ? v[h] : (v[h - 1] + v[h] + 1) / 2);
    }
    return want;
  }

  // "owner quarter currency" (owner and quarter "*" for the totals) -> "min max" amount of a report by
  // owner and expected close quarter over every deal of the workspace (kept_extremes.hpp seeks each
  // kept group's extreme in an index).
  std::map<std::string, std::string> extremes_by_owner_quarter(bool as_rep) {
    json::value def = json::parse(R"({"object": "deals", "group_by": ["owner_id", {"field": "expected_close_date", "bucket": "quarter"}],
        "measures": [{"op": "min", "field": "amount"}, {"op": "max", "field": "amount"}]})");
    auto r = as_rep ? rep_.client->call("POST", "/api/v1/reports/run", rep_.token, &def) : post("/api/v1/reports/run", def);
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, std::string> got;
    if (r.status != 200) return got;
    const json::value answer = r.json();
    auto text = [](const json::value& v) { return v.is_null() ? std::string("null") : std::string(v.as_string()); };
    auto figures = [](const json::value& row) { return num(row.at("values").at("min_amount")) + " " + num(row.at("values").at("max_amount")); };
    for (const auto& row : answer.at("rows").as_array()) {
      const auto& g = row.at("groups").as_array();
      got[text(g[0]) + " " + text(g[1]) + " " + text(row.at("currency"))] = figures(row);
    }
    for (const auto& row : answer.at("totals").as_array()) got["* * " + text(row.at("currency"))] = figures(row);
    return got;
  }
  // The same from every amount.
  std::map<std::string, std::string> extremes_by_owner_quarter_sql(const std::string& ws, const std::string& owner) {
    std::map<std::string, std::vector<int64_t>> values;
    const char* columns = "coalesce(owner_id, 'null'), coalesce(expected_close_date, ''), coalesce(currency, 'null'), coalesce(CAST(amount AS TEXT), '')";
    for (const auto& row : live_deals(columns, ws, owner)) {
      std::string quarter = "null";
      if (!row[1].empty()) {
        quarter = row[1].substr(0, 4) + "-Q";
        quarter += std::to_string((std::stoi(row[1].substr(5, 2)) - 1) / 3 + 1);
      }
      for (const std::string& key : {row[0] + " " + quarter + " " + row[2], "* * " + row[2]}) {
        auto& v = values[key];
        if (!row[3].empty()) v.push_back(std::stoll(row[3]));
      }
    }
    std::map<std::string, std::string> want;
    for (const auto& [k, v] : values) {
      auto [lo, hi] = std::minmax_element(v.begin(), v.end());
      want[k] = v.empty() ? "null null" : std::to_string(*lo) + " " + std::to_string(*hi);
    }
    return want;
  }

  void check(const TestPipeline& p, const std::string& ws, const std::string& step) {
    SCOPED_TRACE(step);
    auto [buckets, bucketed] = amount_buckets_and_bucketing(ws);
    EXPECT_EQ(buckets, bucketed);
    EXPECT_FALSE(buckets.empty());
    auto [stage_buckets, stage_bucketed] = stage_amount_buckets_and_bucketing(ws);
    EXPECT_EQ(stage_buckets, stage_bucketed);
    EXPECT_FALSE(stage_buckets.empty());
    EXPECT_EQ(by_stage_in_range(p, false), by_stage_in_range_sql(p, ""));
    EXPECT_EQ(by_stage_in_range(p, true), by_stage_in_range_sql(p, rep_.id));
    for (bool by_creation : {false, true}) {
      auto [owner_totals, owner_direct] = owner_totals_and_aggregation(ws, by_creation);
      EXPECT_EQ(owner_totals, owner_direct) << (by_creation ? "deal_owner_created_totals" : "deal_owner_totals");
      EXPECT_FALSE(owner_totals.empty());
    }
    auto [totals, direct] = totals_and_aggregation(ws);
    EXPECT_EQ(totals, direct);
    auto [created_totals, created_direct] = created_totals_and_aggregation(ws);
    EXPECT_EQ(created_totals, created_direct);
    EXPECT_FALSE(created_totals.empty());
    EXPECT_EQ(by_owner_created(&p, false), by_owner_created_sql(&p, ws, ""));
    EXPECT_EQ(by_owner_created(&p, true), by_owner_created_sql(&p, ws, rep_.id));
    EXPECT_EQ(by_owner_created(nullptr, false), by_owner_created_sql(nullptr, ws, ""));
    EXPECT_EQ(by_owner_created(nullptr, true), by_owner_created_sql(nullptr, ws, rep_.id));
    EXPECT_EQ(medians_by_owner(false), medians_by_owner_sql(ws, ""));
    EXPECT_EQ(medians_by_owner(true), medians_by_owner_sql(ws, rep_.id));
    EXPECT_EQ(extremes_by_owner_quarter(false), extremes_by_owner_quarter_sql(ws, ""));
    EXPECT_EQ(extremes_by_owner_quarter(true), extremes_by_owner_quarter_sql(ws, rep_.id));
    EXPECT_EQ(by_stage_and_owner(p, false), by_stage_and_owner_sql(p, ""));
    auto mine = by_stage_and_owner(p, true);
    EXPECT_EQ(mine, by_stage_and_owner_sql(p, rep_.id));
    EXPECT_FALSE(mine.empty());
    EXPECT_EQ(by_close_quarter(p), by_close_quarter_sql(p));
  }
};

TEST_F(ReportBuilderKept, KeptReportsEqualTheDealsThroughEveryChange) {
  TestPipeline p = make_pipeline(unique_name("Kept "));
  const std::string ws = sql("SELECT workspace_id FROM pipelines WHERE id = ?", {p.id})[0][0];
  const std::string contact = create("contacts", json::object{{"first_name", "Kept"}, {"last_name", unique_name("Person")},
                                                              {"email", unique_name("kept-") + "@reports.test"}});
  struct D {
    std::string stage;
    json::value amount;
    const char* currency;
    const char* close;
    bool rep;
  };
  std::vector<std::string> ids;
  for (const D& d : std::vector<D>{{p.qualify, 1000, "EUR", "2026-02-10", false}, {p.qualify, 2501, "EUR", "2026-05-01", true},
                                   {p.propose, 777, "USD", nullptr, true},          {p.propose, nullptr, "EUR", "2026-11-30", false},
                                   {p.propose, nullptr, nullptr, "2027-01-02", true}, {p.qualify, 99999, "EUR", "2026-02-28", true},
                                   {p.qualify, 1234, "EUR", "2026-02-11", true},     {p.propose, 1250, "EUR", nullptr, true}}) {
    json::object extra{{"stage_id", d.stage}, {"amount", d.amount}, {"currency", d.currency ? json::value(d.currency) : json::value(nullptr)},
                       {"expected_close_date", d.close ? json::value(d.close) : json::value(nullptr)}};
    if (d.rep) extra["owner_id"] = rep_.id;
    if (ids.empty()) extra["contacts"] = json::array{json::object{{"contact_id", contact}}};
    ids.push_back(make_deal(p, unique_name("Kept deal "), extra));
  }
  // Created in earlier months too (the API stamps now): through SQL, which the triggers follow.
  write_sql("UPDATE deals SET created_at = '2025-12-31T23:59:59.999Z' WHERE id = ? OR id = ?", {ids[1], ids[3]});
  write_sql("UPDATE deals SET created_at = '2026-01-01T00:00:00.000Z' WHERE id = ?", {ids[5]});
  check(p, ws, "created");

  json::value change = json::object{{"amount", 4242}, {"owner_id", rep_.id}, {"expected_close_date", "2026-08-15"}};
  ASSERT_EQ(patch("/api/v1/deals/" + ids[0], change).status, 200);
  json::value give_amount = json::object{{"amount", 10}, {"currency", "USD"}};
  ASSERT_EQ(patch("/api/v1/deals/" + ids[4], give_amount).status, 200);
  json::value take_amount = json::object{{"amount", nullptr}};
  ASSERT_EQ(patch("/api/v1/deals/" + ids[5], take_amount).status, 200);
  check(p, ws, "updated");

  ASSERT_EQ(move(ids[1], p.won).status, 200);
  ASSERT_EQ(move(ids[2], p.propose).status, 200);
  json::value lost = json::object{{"stage_id", p.lost}, {"expected_close_date", "2026-03-03"}, {"lost_reason", "price"}};
  ASSERT_EQ(post("/api/v1/deals/" + ids[3] + "/move", lost).status, 200);
  check(p, ws, "moved");

  ASSERT_EQ(del("/api/v1/deals/" + ids[2]).status, 204);
  ASSERT_EQ(del("/api/v1/deals/" + ids[5]).status, 204);
  check(p, ws, "deleted");

  json::value none = json::object{};
  ASSERT_EQ(post("/api/v1/deals/" + ids[2] + "/restore", none).status, 200);
  check(p, ws, "restored");

  ASSERT_EQ(post("/api/v1/contacts/" + contact + "/erase", none).status, 200);
  check(p, ws, "contact erased");
}

}  // namespace
}  // namespace rapport::testing
