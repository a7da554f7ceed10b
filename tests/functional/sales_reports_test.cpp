// Sales reports: every figure of the pipeline, forecast and funnel reports equals what an independent
// SQL query over the deals, stages, stage history and leads gives (on SQLite and PostgreSQL); amounts
// stay per currency; a sales rep's reports count only their own deals; bad parameters are refused.
#include <cmath>
#include <map>
#include <tuple>

#include "sales_helpers.hpp"

namespace rapport::testing {
namespace {

using Figures = std::map<std::string, std::string>;

// The month `n` months after "YYYY-MM".
std::string add_months(const std::string& month, int n) {
  int index = std::stoi(month.substr(0, 4)) * 12 + std::stoi(month.substr(5, 2)) - 1 + n;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", index / 12, index % 12 + 1);
  return buf;
}

std::string num(const json::value& v) {
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_uint64()) return std::to_string(v.as_uint64());
  return json::serialize(v);
}

class SalesReport : public Sales {
 protected:
  static void SetUpTestSuite() {
    Sales::SetUpTestSuite();
    rep_ = sign_in_new_rep("rep-", "rep-password-1234");
  }
  static void TearDownTestSuite() {
    rep_ = {};
    Sales::TearDownTestSuite();
  }

  // Seconds from a to b (timestamp columns), in the test backend's SQL.
  static std::string seconds_sql(const std::string& a, const std::string& b) {
    if (on_postgres_backend())
      return "CAST(extract(epoch from (CAST(" + b + " AS timestamptz) - CAST(" + a + " AS timestamptz))) AS DOUBLE PRECISION)";
    return "((julianday(" + b + ") - julianday(" + a + ")) * 86400.0)";
  }

  // Qualify 10 %, Propose 45 %, Commit 80 % (open), Won, Lost.
  struct ReportPipeline {
    std::string id, qualify, propose, commit, won, lost;
  };
  ReportPipeline make_report_pipeline() {
    json::value body = json::object{{"name", unique_name("Reports ")},
                                    {"stages", json::array{json::object{{"name", "Qualify"}, {"probability", 10}, {"type", "open"}},
                                                           json::object{{"name", "Propose"}, {"probability", 45}, {"type", "open"}},
                                                           json::object{{"name", "Commit"}, {"probability", 80}, {"type", "open"}},
                                                           json::object{{"name", "Won"}, {"probability", 100}, {"type", "won"}},
                                                           json::object{{"name", "Lost"}, {"probability", 0}, {"type", "lost"}}}}};
    auto r = post("/api/v1/pipelines", body);
    EXPECT_EQ(r.status, 201) << r.body;
    ReportPipeline p;
    const json::value j = r.json();
    p.id = text(j, "id");
    const auto& stages = j.at("stages").as_array();
    p.qualify = text(stages[0], "id");
    p.propose = text(stages[1], "id");
    p.commit = text(stages[2], "id");
    p.won = text(stages[3], "id");
    p.lost = text(stages[4], "id");
    return p;
  }
  std::string deal(const ReportPipeline& p, const std::string& stage, json::value amount, const char* currency,
                   const std::string& close, const std::string& owner = "") {
    json::object body{{"name", unique_name("Deal ")}, {"pipeline_id", p.id}, {"stage_id", stage}, {"amount", amount},
                      {"currency", currency ? json::value(currency) : json::value(nullptr)}, {"expected_close_date", close}};
    if (!owner.empty()) body["owner_id"] = owner;
    if (stage == p.lost) body["lost_reason"] = "Budget";
    return create("deals", body);
  }
  // A spread of deals over the stages, currencies, months and two owners, with rounding to do, a deal
  // without an amount, one won, one lost and one deleted.
  void populate(const ReportPipeline& p) {
    const std::string m0 = this_month() + "-15", m1 = add_months(this_month(), 1) + "-03", m2 = add_months(this_month(), 2) + "-28";
    deal(p, p.qualify, 333, "EUR", m0);
    deal(p, p.qualify, 1005, "EUR", m0, rep_.id);
    deal(p, p.qualify, 777, "USD", m1);
    deal(p, p.propose, 155, "EUR", m0);
    deal(p, p.propose, 12345, "USD", m0, rep_.id);
    deal(p, p.propose, nullptr, nullptr, m1);
    deal(p, p.commit, 99999, "EUR", m1, rep_.id);
    deal(p, p.commit, 11, "EUR", m2);
    deal(p, p.commit, 250000, "USD", m2);
    deal(p, p.won, 5000, "EUR", m0);
    deal(p, p.won, 7001, "USD", m1, rep_.id);
    deal(p, p.lost, 4200, "EUR", m0);
    std::string gone = deal(p, p.commit, 888888, "EUR", m0);
    EXPECT_EQ(del("/api/v1/deals/" + gone).status, 204);
    // Moved on the board, changed, deleted and restored: the totals follow.
    std::string moving = deal(p, p.qualify, 4321, "USD", m1);
    EXPECT_EQ(move(moving, p.commit).status, 200);
    std::string changed = deal(p, p.propose, 100, "USD", m2);
    json::value change = json::object{{"amount", 2500}, {"currency", "EUR"}, {"owner_id", rep_.id}, {"expected_close_date", m1}};
    EXPECT_EQ(patch("/api/v1/deals/" + changed, change).status, 200);
    std::string back = deal(p, p.qualify, 640, "EUR", m2);
    EXPECT_EQ(del("/api/v1/deals/" + back).status, 204);
    json::value none = json::object{};
    EXPECT_EQ(post("/api/v1/deals/" + back + "/restore", none).status, 200);
  }

  static inline Rep rep_;
};

TEST_F(SalesReport, PipelineReportMatchesSql) {
  auto p = make_report_pipeline();
  populate(p);
  auto r = get("/api/v1/reports/pipeline?pipeline_id=" + p.id);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value report = r.json();
  // Per stage (open ones, board order): the count, and per currency amount and weighted amount.
  Figures got, want;
  std::vector<std::string> names;
  for (const auto& s : report.at("stages").as_array()) {
    names.push_back(text(s, "name"));
    got[text(s, "id") + " count"] = num(s.at("count"));
    for (const auto& a : s.at("amounts").as_array())
      got[text(s, "id") + " " + text(a, "currency")] = num(a.at("amount")) + " " + num(a.at("weighted_amount"));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"Qualify", "Propose", "Commit"}));
  for (const auto& row : sql("SELECT s.id, count(d.id) FROM pipeline_stages s LEFT JOIN deals d ON d.stage_id = s.id AND "
                             "d.deleted_at IS NULL WHERE s.pipeline_id = ? AND s.type = 'open' GROUP BY s.id",
                             {p.id}))
    want[row[0] + " count"] = row[1];
  for (const auto& row : sql("SELECT d.stage_id, d.currency, CAST(sum(d.amount) AS BIGINT), "
                             "(CAST(sum(d.amount * s.probability) AS BIGINT) + 50) / 100 FROM deals d JOIN pipeline_stages s "
                             "ON s.id = d.stage_id WHERE d.pipeline_id = ? AND d.deleted_at IS NULL AND s.type = 'open' AND "
                             "d.currency IS NOT NULL GROUP BY d.stage_id, d.currency",
                             {p.id}))
    want[row[0] + " " + row[1]] = row[2] + " " + row[3];
  EXPECT_EQ(got, want);
  // The whole pipeline: weighted is rounded once over all its open deals.
  Figures got_total, want_total;
  got_total["count"] = num(report.at("totals").at("count"));
  for (const auto& a : report.at("totals").at("amounts").as_array())
    got_total[text(a, "currency")] = num(a.at("amount")) + " " + num(a.at("weighted_amount"));
  want_total["count"] = sql("SELECT count(*) FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.pipeline_id = ? "
                            "AND d.deleted_at IS NULL AND s.type = 'open'",
                            {p.id})[0][0];
  for (const auto& row : sql("SELECT d.currency, CAST(sum(d.amount) AS BIGINT), (CAST(sum(d.amount * s.probability) AS BIGINT) + 50) / 100 "
                             "FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.pipeline_id = ? AND "
                             "d.deleted_at IS NULL AND s.type = 'open' AND d.currency IS NOT NULL GROUP BY d.currency",
                             {p.id}))
    want_total[row[0]] = row[1] + " " + row[2];
  EXPECT_EQ(got_total, want_total);
  EXPECT_EQ(want_total.size(), 3u) << "EUR and USD stay apart";
}

TEST_F(SalesReport, ForecastMatchesSql) {
  auto p = make_report_pipeline();
  populate(p);
  const std::string from = this_month(), to = add_months(from, 3);
  for (int threshold : {70, 40}) {
    std::string target = "/api/v1/reports/forecast?pipeline_id=" + p.id + "&from=" + from + "&to=" + to;
    if (threshold != 70) target += "&commit_threshold=" + std::to_string(threshold);
    auto r = get(target);
    ASSERT_EQ(r.status, 200) << r.body;
    const json::value report = r.json();
    EXPECT_EQ(report.at("commit_threshold").as_int64(), threshold);
    Figures got, want;
    std::vector<std::string> months;
    for (const auto& m : report.at("months").as_array()) {
      const std::string month = text(m, "month");
      months.push_back(month);
      if (m.at("open_count").as_int64() > 0) got[month + " open"] = num(m.at("open_count"));
      if (m.at("won_count").as_int64() > 0) got[month + " won"] = num(m.at("won_count"));
      for (const auto& a : m.at("open").as_array())
        got[month + " " + text(a, "currency")] = num(a.at("amount")) + " " + num(a.at("weighted_amount")) + " " + num(a.at("commit_amount"));
      for (const auto& a : m.at("won").as_array()) got[month + " won " + text(a, "currency")] = num(a.at("amount"));
      for (const auto& o : m.at("owners").as_array()) {
        const std::string owner = o.at("owner_id").is_null() ? "" : text(o, "owner_id");
        got[month + " " + owner] = num(o.at("open_count"));
        for (const auto& a : o.at("open").as_array())
          got[month + " " + owner + " " + text(a, "currency")] =
              num(a.at("amount")) + " " + num(a.at("weighted_amount")) + " " + num(a.at("commit_amount"));
      }
    }
    EXPECT_EQ(months, (std::vector<std::string>{from, add_months(from, 1), add_months(from, 2), to}));
    const std::string t = std::to_string(threshold);
    const std::string open = " FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.pipeline_id = ? AND d.deleted_at IS NULL "
                             "AND s.type = 'open' AND substr(d.expected_close_date, 1, 7) BETWEEN ? AND ?";
    const std::string money = "CAST(sum(d.amount) AS BIGINT), (CAST(sum(d.amount * s.probability) AS BIGINT) + 50) / 100, "
                              "CAST(sum(CASE WHEN s.probability >= " + t + " THEN d.amount ELSE 0 END) AS BIGINT)";
    for (const auto& row : sql("SELECT substr(d.expected_close_date, 1, 7), count(*)" + open + " GROUP BY 1", {p.id, from, to}))
      want[row[0] + " open"] = row[1];
    for (const auto& row : sql("SELECT substr(d.expected_close_date, 1, 7), d.currency, " + money + open +
                                   " AND d.currency IS NOT NULL GROUP BY 1, 2", {p.id, from, to}))
      want[row[0] + " " + row[1]] = row[2] + " " + row[3] + " " + row[4];
    for (const auto& row : sql("SELECT substr(d.expected_close_date, 1, 7), d.owner_id, count(*)" + open + " GROUP BY 1, 2", {p.id, from, to}))
      want[row[0] + " " + row[1]] = row[2];
    for (const auto& row : sql("SELECT substr(d.expected_close_date, 1, 7), d.owner_id, d.currency, " + money + open +
                                   " AND d.currency IS NOT NULL GROUP BY 1, 2, 3", {p.id, from, to}))
      want[row[0] + " " + row[1] + " " + row[2]] = row[3] + " " + row[4] + " " + row[5];
    const std::string won = " FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.pipeline_id = ? AND d.deleted_at IS NULL "
                            "AND s.type = 'won' AND substr(d.closed_at, 1, 7) BETWEEN ? AND ?";
    for (const auto& row : sql("SELECT substr(d.closed_at, 1, 7), count(*)" + won + " GROUP BY 1", {p.id, from, to}))
      want[row[0] + " won"] = row[1];
    for (const auto& row : sql("SELECT substr(d.closed_at, 1, 7), d.currency, CAST(sum(d.amount) AS BIGINT)" + won +
                                   " AND d.currency IS NOT NULL GROUP BY 1, 2", {p.id, from, to}))
      want[row[0] + " won " + row[1]] = row[2];
    EXPECT_EQ(got, want) << "threshold " << threshold;
    EXPECT_GE(want.size(), 15u);
  }
  // The owner filter keeps one owner's deals.
  auto mine = get("/api/v1/reports/forecast?pipeline_id=" + p.id + "&from=" + from + "&to=" + to + "&owner_id=" + rep_.id);
  ASSERT_EQ(mine.status, 200) << mine.body;
  int64_t open = 0;
  const json::value mine_report = mine.json();
  for (const auto& m : mine_report.at("months").as_array()) {
    open += m.at("open_count").as_int64();
    for (const auto& o : m.at("owners").as_array()) EXPECT_EQ(text(o, "owner_id"), rep_.id);
  }
  EXPECT_EQ(std::to_string(open), sql("SELECT count(*) FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.pipeline_id = ? "
                                      "AND d.deleted_at IS NULL AND s.type = 'open' AND d.owner_id = ?",
                                      {p.id, rep_.id})[0][0]);
}

// Figures of forecast periods (months or quarters, `key` names the period) or of the no_close_date
// bucket (key empty, period "none"), as the independent SQL below spells them.
void forecast_figures(const json::value& entry, const std::string& period, Figures& got) {
  if (entry.at("open_count").as_int64() > 0) got[period + " open"] = num(entry.at("open_count"));
  if (entry.as_object().contains("won_count") && entry.at("won_count").as_int64() > 0) got[period + " won"] = num(entry.at("won_count"));
  for (const auto& a : entry.at("open").as_array())
    got[period + " " + text(a, "currency")] = num(a.at("amount")) + " " + num(a.at("weighted_amount")) + " " + num(a.at("commit_amount"));
  if (entry.as_object().contains("won"))
    for (const auto& a : entry.at("won").as_array()) got[period + " won " + text(a, "currency")] = num(a.at("amount"));
  for (const auto& o : entry.at("owners").as_array()) {
    const std::string owner = o.at("owner_id").is_null() ? "" : text(o, "owner_id");
    got[period + " " + owner] = num(o.at("open_count"));
    for (const auto& a : o.at("open").as_array())
      got[period + " " + owner + " " + text(a, "currency")] =
          num(a.at("amount")) + " " + num(a.at("weighted_amount")) + " " + num(a.at("commit_amount"));
  }
}

// Issue 10, item 20: open deals without an expected close date are a bucket of their own (before,
// they were in no bucket at all), and group=quarter adds up calendar quarters; both equal what SQL
// over the deals gives.
TEST_F(SalesReport, ForecastByQuarterAndWithoutCloseDateMatchesSql) {
  auto p = make_report_pipeline();
  populate(p);
  const std::string from = this_month(), to = add_months(from, 5);
  // Open deals without a close date, in two currencies, one of them the rep's and one without an amount.
  for (const auto& [stage, amount, currency, owner] :
       std::vector<std::tuple<std::string, json::value, const char*, std::string>>{
           {p.qualify, 1001, "EUR", ""}, {p.commit, 2003, "EUR", rep_.id}, {p.propose, 555, "USD", ""}, {p.commit, nullptr, nullptr, ""}}) {
    json::object body{{"name", unique_name("Undated ")}, {"pipeline_id", p.id}, {"stage_id", stage}, {"amount", amount},
                      {"currency", currency ? json::value(currency) : json::value(nullptr)}};
    if (!owner.empty()) body["owner_id"] = owner;
    create("deals", body);
  }
  // Deals in later quarters of the window (the populated ones are in the first three months).
  deal(p, p.propose, 4444, "EUR", add_months(from, 4) + "-10");
  deal(p, p.commit, 3333, "USD", add_months(from, 5) + "-27", rep_.id);

  auto r = get("/api/v1/reports/forecast?pipeline_id=" + p.id + "&from=" + from + "&to=" + to + "&group=quarter");
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value report = r.json();
  EXPECT_EQ(text(report, "group"), "quarter");
  EXPECT_FALSE(report.as_object().contains("months"));
  // The window widens to whole quarters.
  const int first = std::stoi(from.substr(5, 2)) - 1;
  const std::string q_from = add_months(from, -(first % 3)), q_to = add_months(q_from, (first % 3 + 5) / 3 * 3 + 2);
  EXPECT_EQ(text(report, "from"), q_from);
  EXPECT_EQ(text(report, "to"), q_to);
  Figures got, want;
  std::vector<std::string> quarters;
  for (const auto& q : report.at("quarters").as_array()) {
    quarters.push_back(text(q, "quarter"));
    forecast_figures(q, text(q, "quarter"), got);
  }
  forecast_figures(report.at("no_close_date"), "none", got);
  auto quarter_of = [](const std::string& month) {
    return month.substr(0, 4) + "-Q" + std::to_string((std::stoi(month.substr(5, 2)) + 2) / 3);
  };
  std::vector<std::string> want_quarters;
  for (std::string m = q_from; m <= q_to; m = add_months(m, 3)) want_quarters.push_back(quarter_of(m));
  EXPECT_EQ(quarters, want_quarters);

  auto quarter_sql = [](const std::string& col) {
    return "substr(" + col + ", 1, 4) || '-Q' || CAST((CAST(substr(" + col + ", 6, 2) AS INTEGER) + 2) / 3 AS TEXT)";
  };
  const std::string open = " FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.pipeline_id = ? AND d.deleted_at IS NULL "
                           "AND s.type = 'open'";
  const std::string dated = " AND substr(d.expected_close_date, 1, 7) BETWEEN ? AND ?";
  const std::string money = "CAST(sum(d.amount) AS BIGINT), (CAST(sum(d.amount * s.probability) AS BIGINT) + 50) / 100, "
                            "CAST(sum(CASE WHEN s.probability >= 70 THEN d.amount ELSE 0 END) AS BIGINT)";
  // Each period: "quarter" or 'none' for deals without a close date.
  for (const auto& [period, where, params] :
       std::vector<std::tuple<std::string, std::string, std::vector<std::string>>>{
           {quarter_sql("d.expected_close_date"), dated, {p.id, q_from, q_to}},
           {"'none'", " AND d.expected_close_date IS NULL", {p.id}}}) {
    for (const auto& row : sql("SELECT " + period + ", count(*)" + open + where + " GROUP BY 1", params)) want[row[0] + " open"] = row[1];
    for (const auto& row : sql("SELECT " + period + ", d.currency, " + money + open + where + " AND d.currency IS NOT NULL GROUP BY 1, 2", params))
      want[row[0] + " " + row[1]] = row[2] + " " + row[3] + " " + row[4];
    for (const auto& row : sql("SELECT " + period + ", d.owner_id, count(*)" + open + where + " GROUP BY 1, 2", params))
      want[row[0] + " " + row[1]] = row[2];
    for (const auto& row : sql("SELECT " + period + ", d.owner_id, d.currency, " + money + open + where +
                                   " AND d.currency IS NOT NULL GROUP BY 1, 2, 3", params))
      want[row[0] + " " + row[1] + " " + row[2]] = row[3] + " " + row[4] + " " + row[5];
  }
  const std::string won = " FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.pipeline_id = ? AND d.deleted_at IS NULL "
                          "AND s.type = 'won' AND substr(d.closed_at, 1, 7) BETWEEN ? AND ?";
  for (const auto& row : sql("SELECT " + quarter_sql("d.closed_at") + ", count(*)" + won + " GROUP BY 1", {p.id, q_from, q_to}))
    want[row[0] + " won"] = row[1];
  for (const auto& row : sql("SELECT " + quarter_sql("d.closed_at") + ", d.currency, CAST(sum(d.amount) AS BIGINT)" + won +
                                 " AND d.currency IS NOT NULL GROUP BY 1, 2", {p.id, q_from, q_to}))
    want[row[0] + " won " + row[1]] = row[2];
  EXPECT_EQ(got, want);
  EXPECT_EQ(got["none open"], "4");
  EXPECT_GE(want.size(), 20u);

  // By month the undated deals are the same bucket, and no month holds them.
  auto m = get("/api/v1/reports/forecast?pipeline_id=" + p.id + "&from=" + from + "&to=" + to);
  ASSERT_EQ(m.status, 200) << m.body;
  const json::value by_month = m.json();
  EXPECT_EQ(text(by_month, "group"), "month");
  EXPECT_EQ(by_month.at("no_close_date"), report.at("no_close_date"));
  int64_t dated_open = 0;
  for (const auto& e : by_month.at("months").as_array()) dated_open += e.at("open_count").as_int64();
  EXPECT_EQ(std::to_string(dated_open), sql("SELECT count(*)" + open + dated, {p.id, from, to})[0][0]);
  EXPECT_EQ(get("/api/v1/reports/forecast?group=week").status, 400);
  EXPECT_EQ(get("/api/v1/reports/forecast?group=quarter&from=2020-02&to=2030-01").status, 400) << "123 months once widened";
}

TEST_F(SalesReport, FunnelMatchesSql) {
  auto p = make_report_pipeline();
  populate(p);
  std::vector<std::string> leads;
  for (int i = 0; i < 4; ++i) leads.push_back(create("leads", json::object{{"last_name", unique_name("Lead ")}}));
  write_sql("UPDATE leads SET converted_at = ? WHERE id = ?", {this_month() + "-01T10:00:00.000Z", leads[0]});
  write_sql("UPDATE leads SET converted_deal_id = ? WHERE id = ?", {p.id, leads[1]});
  const std::string month = this_month();
  auto r = get("/api/v1/reports/funnel?from=" + month + "&to=" + month);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value report = r.json();
  const std::string lo = month + "-01", hi = add_months(month, 1) + "-01";
  const std::string ws = sql("SELECT workspace_id FROM pipelines WHERE id = ?", {p.id})[0][0];

  Figures got, want;
  for (const auto& s : report.at("funnel").as_array()) got[text(s, "step")] = num(s.at("count"));
  auto lead_rows = sql("SELECT count(*), coalesce(sum(CASE WHEN converted_deal_id IS NOT NULL OR converted_at IS NOT NULL THEN 1 ELSE 0 END), 0) "
                       "FROM leads WHERE workspace_id = ? AND deleted_at IS NULL AND created_at >= ? AND created_at < ?",
                       {ws, lo, hi});
  want["leads_created"] = lead_rows[0][0];
  want["leads_converted"] = lead_rows[0][1];
  want["deals_created"] = sql("SELECT count(*) FROM deals WHERE workspace_id = ? AND deleted_at IS NULL AND created_at >= ? AND created_at < ?",
                              {ws, lo, hi})[0][0];
  const std::string closed = " FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.workspace_id = ? AND d.deleted_at IS NULL "
                             "AND d.closed_at >= ? AND d.closed_at < ?";
  want["deals_won"] = sql("SELECT count(*)" + closed + " AND s.type = 'won'", {ws, lo, hi})[0][0];
  EXPECT_EQ(got, want);
  EXPECT_GE(std::stoi(want["leads_converted"]), 2);
  const std::string lost = sql("SELECT count(*)" + closed + " AND s.type = 'lost'", {ws, lo, hi})[0][0];
  EXPECT_EQ(num(report.at("deals_lost")), lost);
  const double won = std::stod(want["deals_won"]), lost_n = std::stod(lost);
  ASSERT_GT(won, 0);
  EXPECT_NEAR(report.at("win_rate").as_double(), won / (won + lost_n), 1e-9);

  Figures sizes, want_sizes;
  for (const auto& a : report.at("won_by_currency").as_array())
    sizes[text(a, "currency")] = num(a.at("count")) + " " + num(a.at("amount")) + " " + num(a.at("average_amount"));
  for (const auto& row : sql("SELECT d.currency, count(d.amount), CAST(sum(d.amount) AS BIGINT), "
                             "(2 * CAST(sum(d.amount) AS BIGINT) + count(d.amount)) / (2 * count(d.amount))" + closed +
                                 " AND s.type = 'won' AND d.currency IS NOT NULL AND d.amount IS NOT NULL GROUP BY d.currency",
                             {ws, lo, hi}))
    want_sizes[row[0]] = row[1] + " " + row[2] + " " + row[3];
  EXPECT_EQ(sizes, want_sizes);
  EXPECT_GE(want_sizes.size(), 2u);

  const double cycle = std::stod(sql("SELECT avg(" + seconds_sql("d.created_at", "d.closed_at") + ") / 86400.0" + closed + " AND s.type = 'won'",
                                     {ws, lo, hi})[0][0]);
  EXPECT_NEAR(report.at("average_sales_cycle_days").as_double(), cycle, 1e-6);

  // Time per stage: consecutive history entries of a deal; the current stage lasts until now (the
  // query's now is a moment later than the server's: a few seconds of tolerance).
  std::map<std::string, std::pair<int64_t, double>> times;
  for (const auto& s : report.at("stage_times").as_array())
    times[text(s, "stage_id")] = {s.at("entries").as_int64(), s.at("average_seconds").as_double()};
  const std::string now = on_postgres_backend() ? "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
                                                : "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
  auto rows = sql("SELECT h.to_stage_id, count(*), avg(" + seconds_sql("h.changed_at", "coalesce(h.next_at, " + now + ")") +
                      ") FROM (SELECT deal_id, to_stage_id, changed_at, lead(changed_at) OVER (PARTITION BY deal_id ORDER BY id) AS next_at "
                      "FROM deal_stage_history WHERE workspace_id = ?) h JOIN deals d ON d.id = h.deal_id AND d.deleted_at IS NULL "
                      "WHERE h.changed_at >= ? AND h.changed_at < ? GROUP BY h.to_stage_id",
                  {ws, lo, hi});
  ASSERT_EQ(rows.size(), times.size());
  for (const auto& row : rows) {
    ASSERT_TRUE(times.count(row[0])) << row[0];
    EXPECT_EQ(std::to_string(times[row[0]].first), row[1]);
    EXPECT_NEAR(times[row[0]].second, std::stod(row[2]), 5.0) << row[0];
  }
  EXPECT_TRUE(times.count(p.commit));
}

TEST_F(SalesReport, ARepsReportsCountOnlyTheirDeals) {
  auto p = make_report_pipeline();
  populate(p);
  // The rep's own deal, made by the rep.
  json::value body = json::object{{"name", "Rep's own"}, {"pipeline_id", p.id}, {"amount", 500}, {"currency", "EUR"},
                                  {"expected_close_date", this_month() + "-20"}};
  EXPECT_EQ(rep_.client->call("POST", "/api/v1/deals", rep_.token, &body).status, 201);
  auto r = rep_.client->call("GET", "/api/v1/reports/pipeline?pipeline_id=" + p.id, rep_.token);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value report = r.json();
  const std::string open = " FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.pipeline_id = ? AND d.deleted_at IS NULL "
                           "AND s.type = 'open'";
  EXPECT_EQ(num(report.at("totals").at("count")), sql("SELECT count(*)" + open + " AND d.owner_id = ?", {p.id, rep_.id})[0][0]);
  EXPECT_NE(num(report.at("totals").at("count")), sql("SELECT count(*)" + open, {p.id})[0][0]);
  Figures got, want;
  for (const auto& a : report.at("totals").at("amounts").as_array()) got[text(a, "currency")] = num(a.at("amount"));
  for (const auto& row : sql("SELECT d.currency, CAST(sum(d.amount) AS BIGINT)" + open + " AND d.owner_id = ? AND d.currency IS NOT NULL "
                             "GROUP BY d.currency", {p.id, rep_.id}))
    want[row[0]] = row[1];
  EXPECT_EQ(got, want);

  const std::string from = this_month(), to = add_months(from, 3);
  auto f = rep_.client->call("GET", "/api/v1/reports/forecast?pipeline_id=" + p.id + "&from=" + from + "&to=" + to, rep_.token);
  ASSERT_EQ(f.status, 200) << f.body;
  int64_t forecast_open = 0;
  const json::value forecast = f.json();
  for (const auto& m : forecast.at("months").as_array()) {
    forecast_open += m.at("open_count").as_int64();
    for (const auto& o : m.at("owners").as_array()) EXPECT_EQ(text(o, "owner_id"), rep_.id);
  }
  EXPECT_EQ(std::to_string(forecast_open), sql("SELECT count(*)" + open + " AND d.owner_id = ? AND substr(d.expected_close_date, 1, 7) "
                                               "BETWEEN ? AND ?", {p.id, rep_.id, from, to})[0][0]);

  auto u = rep_.client->call("GET", "/api/v1/reports/funnel?from=" + from + "&to=" + from, rep_.token);
  ASSERT_EQ(u.status, 200) << u.body;
  const std::string ws = sql("SELECT workspace_id FROM pipelines WHERE id = ?", {p.id})[0][0];
  Figures steps;
  const json::value funnel = u.json();
  for (const auto& s : funnel.at("funnel").as_array()) steps[text(s, "step")] = num(s.at("count"));
  const std::string lo = from + "-01", hi = add_months(from, 1) + "-01";
  EXPECT_EQ(steps["deals_created"], sql("SELECT count(*) FROM deals WHERE workspace_id = ? AND deleted_at IS NULL AND created_at >= ? "
                                        "AND created_at < ? AND owner_id = ?", {ws, lo, hi, rep_.id})[0][0]);
  EXPECT_EQ(steps["deals_won"], sql("SELECT count(*) FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.workspace_id = ? "
                                    "AND d.deleted_at IS NULL AND d.closed_at >= ? AND d.closed_at < ? AND s.type = 'won' AND d.owner_id = ?",
                                    {ws, lo, hi, rep_.id})[0][0]);
}

TEST_F(SalesReport, BadParametersAreProblems) {
  auto p = make_report_pipeline();
  auto status = [&](const std::string& target) {
    auto r = get(target);
    if (r.status >= 400) {
      EXPECT_EQ(r.header("content-type"), "application/problem+json") << target;
    }
    return r.status;
  };
  EXPECT_EQ(status("/api/v1/reports/pipeline"), 400);
  EXPECT_EQ(status("/api/v1/reports/pipeline?pipeline_id=" + p.id + "&stage=1"), 400);
  EXPECT_EQ(status("/api/v1/reports/pipeline?pipeline_id=01890a5d-ac96-774b-bcce-b302099a8057"), 404);
  EXPECT_EQ(status("/api/v1/reports/pipeline?pipeline_id=nope"), 404);
  EXPECT_EQ(status("/api/v1/reports/forecast?from=2026-13"), 400);
  EXPECT_EQ(status("/api/v1/reports/forecast?from=2026-1"), 400);
  EXPECT_EQ(status("/api/v1/reports/forecast?from=2027-01&to=2026-12"), 400);
  EXPECT_EQ(status("/api/v1/reports/forecast?commit_threshold=101"), 400);
  EXPECT_EQ(status("/api/v1/reports/forecast?commit_threshold=high"), 400);
  EXPECT_EQ(status("/api/v1/reports/forecast?owner_id=someone"), 400);
  EXPECT_EQ(status("/api/v1/reports/forecast?pipeline_id=01890a5d-ac96-774b-bcce-b302099a8057"), 404);
  EXPECT_EQ(status("/api/v1/reports/forecast?limit=5"), 400);
  EXPECT_EQ(status("/api/v1/reports/funnel?from=2026-05&to=2026-04"), 400);
  EXPECT_EQ(status("/api/v1/reports/funnel?from=1990-01&to=2026-04"), 400);
  EXPECT_EQ(status("/api/v1/reports/funnel?stage_id=" + p.qualify), 400);
  EXPECT_EQ(status("/api/v1/reports/funnel?pipeline_id=" + p.id), 200);
  EXPECT_EQ(status("/api/v1/reports/funnel?pipeline_id=01890a5d-ac96-774b-bcce-b302099a8057"), 404);
  EXPECT_EQ(status("/api/v1/reports/funnel?owner_id=someone"), 400);
  EXPECT_EQ(status("/api/v1/reports/pipeline?pipeline_id=" + p.id + "&owner_id=someone"), 400);
  EXPECT_EQ(status("/api/v1/reports/forecast?pipeline_id=" + p.id), 200);
  EXPECT_EQ(status("/api/v1/reports/funnel"), 200);
}

}  // namespace
}  // namespace rapport::testing
