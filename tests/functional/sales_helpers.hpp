// Helpers of the sales tests: a pipeline with stages Qualify, Propose (open), Won and Lost.
#pragma once
#include <cstdio>
#include <ctime>
#include <filesystem>
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
