// The report builder (POST /api/v1/reports/run) on the real server, SQLite and PostgreSQL: every
// figure of a report grouped by stage and owner (count, sum, avg, min, max, median, per currency) and
// of a report by day in a time zone far from UTC equals what an independent SQL query over the deals
// gives; CSV and XLSX carry the same rows; bad definitions are 4xx and change nothing.
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

class ReportBuilder : public Sales {
 protected:
  // A pipeline with a spread of deals over stages, owners, currencies (one without an amount, one
  // deleted); returns the pipeline.
  TestPipeline populate() {
    TestPipeline p = make_pipeline(unique_name("Builder "));
    json::value body = json::object{{"email", unique_name("builder-") + "@reports.test"}, {"password", "builder-password-1234"}, {"role", "sales_rep"}};
    auto u = post("/api/v1/users", body);
    EXPECT_EQ(u.status, 201) << u.body;
    const std::string other = text(u.json(), "id");
    struct D {
      std::string stage;
      json::value amount;
      const char* currency;
      bool other;
    };
    for (const D& d : std::vector<D>{{p.qualify, 333, "EUR", false},   {p.qualify, 1005, "EUR", true},  {p.qualify, 777, "USD", false},
                                      {p.qualify, 2000, "EUR", false},  {p.propose, 155, "EUR", false},  {p.propose, 12345, "USD", true},
                                      {p.propose, nullptr, nullptr, false}, {p.propose, 99999, "EUR", true}, {p.propose, 11, "EUR", true},
                                      {p.propose, 250000, "USD", false}, {p.propose, 12, "EUR", true}}) {
      json::object extra{{"stage_id", d.stage}, {"amount", d.amount}, {"currency", d.currency ? json::value(d.currency) : json::value(nullptr)}};
      if (d.other) extra["owner_id"] = other;
      make_deal(p, unique_name("Deal "), extra);
    }
    std::string gone = make_deal(p, unique_name("Gone "), {{"stage_id", p.propose}, {"amount", 888888}, {"currency", "EUR"}});
    EXPECT_EQ(del("/api/v1/deals/" + gone).status, 204);
    return p;
  }

  json::value run(const json::value& definition, int status = 200) {
    auto r = post("/api/v1/reports/run", definition);
    EXPECT_EQ(r.status, status) << r.body;
    return r.json();
  }
};

TEST_F(ReportBuilder, FiguresByStageAndOwnerMatchSql) {
  TestPipeline p = populate();
  json::value def = json::parse(R"({"object": "deals", "group_by": ["stage_id", "owner_id"],
      "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}, {"op": "avg", "field": "amount"}, {"op": "min", "field": "amount"},
                   {"op": "max", "field": "amount"}, {"op": "median", "field": "amount"}, {"op": "count", "field": "amount"}]})");
  def.as_object()["filter"] = json::object{{"pipeline_id", json::object{{"eq", p.id}}}};
  const json::value report = run(def);
  std::map<std::string, std::string> got, want;
  for (const auto& row : report.at("rows").as_array()) {
    const auto& g = row.at("groups").as_array();
    const auto& v = row.at("values");
    std::string key = std::string(g[0].as_string()) + " " + (g[1].is_null() ? "" : std::string(g[1].as_string())) + " " +
                      (row.at("currency").is_null() ? "" : std::string(row.at("currency").as_string()));
    got[key] = num(v.at("count")) + " " + num(v.at("sum_amount")) + " " + num(v.at("avg_amount")) + " " + num(v.at("min_amount")) + " " +
               num(v.at("max_amount")) + " " + num(v.at("median_amount")) + " " + num(v.at("count_amount"));
  }
  // The independent query: plain aggregates over the live deals; the average rounded half up (amounts
  // are positive) and the median from the sorted amounts, both worked out here.
  std::map<std::string, std::vector<int64_t>> amounts;
  for (const auto& row : sql("SELECT stage_id, coalesce(owner_id, ''), coalesce(currency, ''), amount FROM deals WHERE pipeline_id = ? "
                             "AND deleted_at IS NULL AND amount IS NOT NULL ORDER BY amount",
                             {p.id}))
    amounts[row[0] + " " + row[1] + " " + row[2]].push_back(std::stoll(row[3]));
  for (const auto& row : sql("SELECT stage_id, coalesce(owner_id, ''), coalesce(currency, ''), CAST(count(*) AS TEXT), "
                             "CAST(sum(amount) AS TEXT), CAST(min(amount) AS TEXT), CAST(max(amount) AS TEXT), CAST(count(amount) AS TEXT) "
                             "FROM deals WHERE pipeline_id = ? AND deleted_at IS NULL GROUP BY 1, 2, 3",
                             {p.id})) {
    const std::string key = row[0] + " " + row[1] + " " + row[2];
    const bool none = row[7] == "0";
    const auto& v = amounts[key];
    std::string avg = "null", median = "null";
    if (!none) {
      const int64_t n = std::stoll(row[7]), sum = std::stoll(row[4]);
      avg = std::to_string((2 * sum + n) / (2 * n));
      const std::size_t h = v.size() / 2;
      median = std::to_string(v.size() % 2 ? v[h] : (v[h - 1] + v[h] + 1) / 2);
    }
    want[key] = row[3] + " " + (none ? "0" : row[4]) + " " + avg + " " + (none ? "null" : row[5]) + " " + (none ? "null" : row[6]) + " " +
                median + " " + row[7];
  }
  EXPECT_EQ(got, want);
  EXPECT_GE(got.size(), 6u);
  // The totals, per currency, over every deal of the pipeline.
  std::map<std::string, std::string> got_totals, want_totals;
  for (const auto& t : report.at("totals").as_array())
    got_totals[t.at("currency").is_null() ? "" : std::string(t.at("currency").as_string())] =
        num(t.at("values").at("count")) + " " + num(t.at("values").at("sum_amount"));
  for (const auto& row : sql("SELECT coalesce(currency, ''), CAST(count(*) AS TEXT), CAST(coalesce(sum(amount), 0) AS TEXT) FROM deals "
                             "WHERE pipeline_id = ? AND deleted_at IS NULL GROUP BY 1",
                             {p.id}))
    want_totals[row[0]] = row[1] + " " + row[2];
  EXPECT_EQ(got_totals, want_totals);
}

TEST_F(ReportBuilder, DaysAreTheWorkspaceTimeZonesDaysAsSqlComputesThem) {
  TestPipeline p = populate();
  // Spread the deals' creation over times near midnight UTC, then count them by day in Kiritimati
  // (UTC+14 all year): the SQL adds the 14 hours itself.
  write_sql("UPDATE deals SET created_at = CASE WHEN amount IS NULL THEN '2026-03-31T10:30:00.000Z' WHEN amount < 1000 THEN "
            "'2026-03-31T09:59:00.000Z' WHEN amount < 100000 THEN '2026-06-30T23:15:00.000Z' ELSE '2026-12-31T10:00:00.000Z' END "
            "WHERE pipeline_id = ?",
            {p.id});
  json::value zone = json::object{{"time_zone", "Pacific/Kiritimati"}};
  ASSERT_EQ(patch("/api/v1/workspace", zone).status, 200);
  json::value def = json::parse(R"({"object": "deals", "group_by": [{"field": "created_at", "bucket": "day"}], "measures": [{"op": "count"}]})");
  def.as_object()["filter"] = json::object{{"pipeline_id", json::object{{"eq", p.id}}}};
  const json::value report = run(def);
  json::value utc = json::object{{"time_zone", "UTC"}};
  ASSERT_EQ(patch("/api/v1/workspace", utc).status, 200);
  EXPECT_EQ(report.at("time_zone"), "Pacific/Kiritimati");
  std::map<std::string, std::string> got, want;
  for (const auto& row : report.at("rows").as_array()) got[std::string(row.at("groups").as_array()[0].as_string())] = num(row.at("values").at("count"));
  const std::string day = on_postgres_backend()
                              ? "to_char((CAST(created_at AS timestamptz) AT TIME ZONE 'UTC') + interval '14 hours', 'YYYY-MM-DD')"
                              : "substr(datetime(created_at, '+14 hours'), 1, 10)";
  for (const auto& row : sql("SELECT " + day + ", CAST(count(*) AS TEXT) FROM deals WHERE pipeline_id = ? AND deleted_at IS NULL GROUP BY 1", {p.id}))
    want[row[0]] = row[1];
  EXPECT_EQ(got, want);
  EXPECT_EQ(got.count("2026-04-01"), 1u);  // 10:30 UTC on 31 March is past midnight in Kiritimati
  EXPECT_EQ(got.count("2027-01-01"), 1u);
}

TEST_F(ReportBuilder, CsvAndXlsxCarryTheRowsAndTotals) {
  TestPipeline p = populate();
  json::value def = json::parse(R"({"object": "deals", "group_by": ["stage_id"], "measures": [{"op": "count"}, {"op": "sum", "field": "amount"}]})");
  def.as_object()["filter"] = json::object{{"pipeline_id", json::object{{"eq", p.id}}}};
  auto csv = post("/api/v1/reports/run?format=csv", def);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.header("content-type").rfind("text/csv", 0), 0u);
  EXPECT_EQ(csv.body.rfind("stage_id,currency,count,sum_amount\r\n", 0), 0u) << csv.body;
  EXPECT_NE(csv.body.find(p.qualify + ",EUR,3,3338\r\n"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("Total,USD,3,263122\r\n"), std::string::npos) << csv.body;
  auto xlsx = post("/api/v1/reports/run?format=xlsx", def);
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");  // a ZIP
  EXPECT_EQ(post("/api/v1/reports/run?format=pdf", def).status, 400);
}

TEST_F(ReportBuilder, BadDefinitionsAre4xx) {
  EXPECT_EQ(error_fields(post("/api/v1/reports/run", json::parse(R"({"object": "planets", "measures": [{"op": "count"}]})"))),
            std::vector<std::string>{"object"});
  auto r = post("/api/v1/reports/run", json::parse(R"({"object": "deals", "group_by": ["created_at"], "measures": [{"op": "median"}]})"));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_fields(r), (std::vector<std::string>{"group_by.0.bucket", "measures.0.field"}));
  EXPECT_EQ(post("/api/v1/reports/run", json::parse(R"({"object": "deals", "filter": {"amount": {"near": 5}}, "measures": [{"op": "count"}]})")).status,
            400);
  EXPECT_EQ(post("/api/v1/reports/run", json::parse(R"([1, 2])")).status, 400);
  // The definition's size is bounded.
  json::object big = json::parse(R"({"object": "deals", "measures": [{"op": "count"}]})").as_object();
  big["filter"] = json::object{{"name", json::object{{"eq", std::string(20000, 'x')}}}};
  EXPECT_EQ(post("/api/v1/reports/run", big).status, 413);
}

}  // namespace
}  // namespace rapport::testing
