// Helpers of the sales tests: a pipeline with stages Qualify, Propose (open), Won and Lost.
#pragma once
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "platform/db/pg_connection_adapter.hpp"
#include "platform/db/pg_test_support.hpp"
#include "platform/db/postgres.hpp"
#include "platform/db/sqlite.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {

// The current month in UTC, "YYYY-MM".
inline std::string this_month() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1);
  return buf;
}

struct TestPipeline {
  std::string id;
  std::string qualify, propose, won, lost;
};

using Rows = std::vector<std::vector<std::string>>;

class Sales : public ServerTest {
 protected:
  // A sales rep of the suite's workspace, signed in on a client of its own (answers under a rep's
  // record scope); a suite keeps it until it ends.
  struct Rep {
    std::string id, token;
    std::unique_ptr<HttpClient> client;
  };
  static Rep sign_in_new_rep(const std::string& prefix, const std::string& password) {
    const std::string email = unique_name(prefix) + "@reports.test";
    json::value body = json::object{{"email", email}, {"password", password}, {"role", "sales_rep"}};
    auto r = client_->call("POST", "/api/v1/users", token_, &body);
    EXPECT_EQ(r.status, 201) << r.body;
    Rep rep{.id = text(r.json(), "id"), .token = {}, .client = std::make_unique<HttpClient>(server_->port())};
    rep.token = login(*rep.client, email, password);
    return rep;
  }
  // A query over the server's database (text rows), for figures compared with an independent SQL.
  Rows sql(const std::string& query, const std::vector<std::string>& params = {}) {
    return query_database(server().data_dir(), query, params);
  }
  // Runs a write no route allows (rows a route would refuse, or many at once) on the server's database.
  void write_sql(const std::string& query, const std::vector<std::string>& params) {
    auto run = [&](db::Connection& c) {
      auto& st = c.prepare(query);
      for (std::size_t i = 0; i < params.size(); ++i) st.bind(static_cast<int>(i + 1), params[i]);
      st.run();
    };
    std::string url = backend_database_url(server().data_dir());
    if (url.empty()) {
      db::SqliteConnection c((std::filesystem::path(server().data_dir()) / "rapport.db").string(), false);
      run(c);
    } else {
      db::PgConnection pg(db::pg_admin_options(url));
      db::PgAdapterConnection c(pg);
      run(c);
    }
  }
  // `n` copies of a deal made straight in the database (the API would take minutes for thousands),
  // with ids after `offset`; the deal_totals triggers see them as any insert.
  void clone_deal(const std::string& id, int n, int offset) {
    const std::string k = "seq.n + " + std::to_string(offset);
    const std::string pad = on_postgres_backend() ? "lpad(CAST(" + k + " AS TEXT), 12, '0')" : "printf('%012d', " + k + ")";
    write_sql("WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < " + std::to_string(n) +
                  ") INSERT INTO deals (id, workspace_id, name, pipeline_id, stage_id, amount, currency, expected_close_date, owner_id, "
                  "created_at, updated_at, board_rank) SELECT substr(d.id, 1, 24) || " + pad +
                  ", d.workspace_id, d.name, d.pipeline_id, d.stage_id, d.amount, d.currency, d.expected_close_date, d.owner_id, "
                  "d.created_at, d.updated_at, " + k + " FROM deals d, seq WHERE d.id = ?",
              {id});
  }
  // deal_totals and the same figures aggregated from the deals, as sorted text rows (groups of live
  // deals; a group left empty must hold no money and no amount).
  std::pair<Rows, Rows> totals_and_aggregation(const std::string& workspace) {
    Rows totals = sql("SELECT pipeline_id, stage_id, owner_id, currency, close_month, closed_month, CAST(deals AS TEXT), "
                      "CAST(amount_high AS TEXT), CAST(amount_low AS TEXT), CAST(amounts AS TEXT) FROM deal_totals WHERE workspace_id = ? AND "
                      "(deals <> 0 OR amount_high <> 0 OR amount_low <> 0 OR amounts <> 0) ORDER BY 1, 2, 3, 4, 5, 6",
                      {workspace});
    Rows direct = sql("SELECT pipeline_id, stage_id, coalesce(owner_id, ''), coalesce(currency, ''), "
                      "coalesce(substr(expected_close_date, 1, 7), ''), coalesce(substr(closed_at, 1, 7), ''), CAST(count(*) AS TEXT), "
                      "CAST(coalesce(sum(amount / 1000000000), 0) AS TEXT), CAST(coalesce(sum(amount % 1000000000), 0) AS TEXT), "
                      "CAST(count(amount) AS TEXT) FROM deals WHERE workspace_id = ? AND deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6",
                      {workspace});
    return {totals, direct};
  }

  // deal_created_totals (migration 0077) and the same figures aggregated from the deals by creation
  // month, as sorted text rows (as totals_and_aggregation).
  std::pair<Rows, Rows> created_totals_and_aggregation(const std::string& workspace) {
    Rows totals = sql("SELECT pipeline_id, created_month, owner_id, currency, stage_id, CAST(deals AS TEXT), CAST(amounts AS TEXT), "
                      "CAST(amount_high AS TEXT), CAST(amount_low AS TEXT) FROM deal_created_totals WHERE workspace_id = ? AND "
                      "(deals <> 0 OR amounts <> 0 OR amount_high <> 0 OR amount_low <> 0) ORDER BY 1, 2, 3, 4, 5",
                      {workspace});
    Rows direct = sql("SELECT pipeline_id, substr(created_at, 1, 7), coalesce(owner_id, ''), coalesce(currency, ''), stage_id, "
                      "CAST(count(*) AS TEXT), CAST(count(amount) AS TEXT), CAST(coalesce(sum(amount / 1000000000), 0) AS TEXT), "
                      "CAST(coalesce(sum(amount % 1000000000), 0) AS TEXT) FROM deals WHERE workspace_id = ? AND deleted_at IS NULL "
                      "GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5",
                      {workspace});
    return {totals, direct};
  }

  // An owner aggregate of migration 0090 (deal_owner_totals by expected close month, or
  // deal_owner_created_totals by creation month) and the same aggregation of the live deals.
  std::pair<Rows, Rows> owner_totals_and_aggregation(const std::string& workspace, bool by_creation) {
    const std::string table = by_creation ? "deal_owner_created_totals" : "deal_owner_totals";
    const std::string column = by_creation ? "created_month" : "close_month";
    const std::string month = by_creation ? "substr(created_at, 1, 7)" : "coalesce(substr(expected_close_date, 1, 7), '')";
    Rows totals = sql("SELECT owner_id, currency, " + column + ", CAST(deals AS TEXT), CAST(amounts AS TEXT), CAST(amount_high AS TEXT), "
                      "CAST(amount_low AS TEXT) FROM " + table + " WHERE workspace_id = ? AND "
                      "(deals <> 0 OR amounts <> 0 OR amount_high <> 0 OR amount_low <> 0) ORDER BY 1, 2, 3",
                      {workspace});
    Rows direct = sql("SELECT coalesce(owner_id, ''), coalesce(currency, ''), " + month + ", CAST(count(*) AS TEXT), CAST(count(amount) AS TEXT), "
                      "CAST(coalesce(sum(amount / 1000000000), 0) AS TEXT), CAST(coalesce(sum(amount % 1000000000), 0) AS TEXT) FROM deals "
                      "WHERE workspace_id = ? AND deleted_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
                      {workspace});
    return {totals, direct};
  }

  // deal_amount_buckets (migration 0084) and the live deals' amounts bucketed here (truncated toward
  // zero to two significant digits), as sorted text rows: owner, currency, bucket, deals.
  std::pair<Rows, Rows> amount_buckets_and_bucketing(const std::string& workspace) {
    Rows kept = sql("SELECT owner_id, currency, CAST(bucket AS TEXT), CAST(deals AS TEXT) FROM deal_amount_buckets "
                    "WHERE workspace_id = ? AND deals <> 0",
                    {workspace});
    std::map<std::vector<std::string>, int64_t> counts;
    for (const auto& row : sql("SELECT coalesce(owner_id, ''), coalesce(currency, ''), CAST(amount AS TEXT) FROM deals "
                               "WHERE workspace_id = ? AND deleted_at IS NULL AND amount IS NOT NULL",
                               {workspace})) {
      const int64_t a = std::stoll(row[2]);
      int64_t unit = 1;
      for (int64_t m = a < 0 ? -a : a; m >= 100; m /= 10) unit *= 10;
      ++counts[{row[0], row[1], std::to_string(a / unit * unit)}];
    }
    Rows direct;
    for (const auto& [k, n] : counts) direct.push_back({k[0], k[1], k[2], std::to_string(n)});
    std::sort(kept.begin(), kept.end());
    return {kept, direct};
  }

  // deal_stage_amount_buckets (migration 0089) and the same from the deals bucketed here: "bucket
  // pipeline stage currency" -> "deals sum".
  std::pair<std::map<std::string, std::string>, std::map<std::string, std::string>> stage_amount_buckets_and_bucketing(const std::string& workspace) {
    std::map<std::string, std::string> kept;
    for (const auto& row : sql("SELECT CAST(bucket AS TEXT), pipeline_id, stage_id, currency, CAST(deals AS TEXT), "
                               "CAST(amount_high * 1000000000 + amount_low AS TEXT) FROM deal_stage_amount_buckets "
                               "WHERE workspace_id = ? AND (deals <> 0 OR amount_high <> 0 OR amount_low <> 0)",
                               {workspace}))
      kept[row[0] + " " + row[1] + " " + row[2] + " " + row[3]] = row[4] + " " + row[5];
    std::map<std::string, std::pair<int64_t, int64_t>> sums;
    for (const auto& row : sql("SELECT pipeline_id, stage_id, coalesce(currency, ''), CAST(amount AS TEXT) FROM deals "
                               "WHERE workspace_id = ? AND deleted_at IS NULL AND amount IS NOT NULL",
                               {workspace})) {
      const int64_t a = std::stoll(row[3]);
      int64_t unit = 1;
      for (int64_t m = a < 0 ? -a : a; m >= 100; m /= 10) unit *= 10;
      auto& s = sums[std::to_string(a / unit * unit) + " " + row[0] + " " + row[1] + " " + row[2]];
      s.first += 1;
      s.second += a;
    }
    std::map<std::string, std::string> direct;
    for (const auto& [k, s] : sums) direct[k] = std::to_string(s.first) + " " + std::to_string(s.second);
    return {kept, direct};
  }

  TestPipeline make_pipeline(const std::string& name) {
    json::value body = json::object{
        {"name", name},
        {"stages", json::array{json::object{{"name", "Qualify"}, {"probability", 10}, {"type", "open"}},
                               json::object{{"name", "Propose"}, {"probability", 60}, {"type", "open"}},
                               json::object{{"name", "Won"}, {"type", "won"}},
                               json::object{{"name", "Lost"}, {"type", "lost"}}}}};
    auto r = post("/api/v1/pipelines", body);
    EXPECT_EQ(r.status, 201) << r.body;
    TestPipeline p;
    p.id = text(r.json(), "id");
    auto stages = r.json().at("stages").as_array();
    if (stages.size() == 4) {
      p.qualify = text(stages[0], "id");
      p.propose = text(stages[1], "id");
      p.won = text(stages[2], "id");
      p.lost = text(stages[3], "id");
    }
    return p;
  }
  std::string make_deal(const TestPipeline& p, const std::string& name, json::object extra = {}) {
    extra["name"] = name;
    extra["pipeline_id"] = p.id;
    return create("deals", extra);
  }
  // The deal names of each column of the board, in board order.
  std::vector<std::vector<std::string>> columns(const TestPipeline& p) {
    auto r = get("/api/v1/pipelines/" + p.id + "/board");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::vector<std::string>> out;
    const json::value board = r.json();
    if (!board.is_object()) return out;
    for (const auto& s : board.at("stages").as_array()) {
      std::vector<std::string> names;
      for (const auto& d : s.at("deals").as_array()) names.push_back(text(d, "name"));
      out.push_back(names);
    }
    return out;
  }
  HttpResponse move(const std::string& deal, const std::string& stage, const std::string& after = "", const std::string& before = "") {
    json::object body{{"stage_id", stage}};
    if (!after.empty()) body["after_id"] = after;
    if (!before.empty()) body["before_id"] = before;
    json::value v = body;
    return post("/api/v1/deals/" + deal + "/move", v);
  }
};

}  // namespace rapport::testing
