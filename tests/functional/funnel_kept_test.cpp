// The funnel's kept figures (migration 0080: deal_stage_history.left_at, deal_stage_times,
// deal_closed_totals) on the real server, SQLite and PostgreSQL. After each kind of write that
// touches them (creates, board moves into won and lost, a stage history rewritten as an import with
// history and its undo write it, one entry removed, an owner change, a delete and a restore), the kept
// rows equal the same figures recomputed in C++ from the raw rows, and the funnel (an admin's, a sales
// rep's in their own scope, one owner's) equals the old computation from the raw rows: deals won and
// lost, the won amounts per currency, the average sales cycle, and per stage the entries that began in
// the window with their average time until the deal's next entry (or until now).
#include <map>
#include <set>

#include "platform/clock.hpp"
#include "sales_helpers.hpp"

namespace rapport::testing {
namespace {

int64_t ms(const std::string& t) {
  auto v = clock::parse_datetime(t);
  EXPECT_TRUE(v.has_value()) << t;
  return v.value_or(0);
}

// One stage-history entry with its deal's current state.
struct Entry {
  int64_t id = 0;
  std::string deal, stage, changed_at, left_at, owner;
  bool left_null = true, live = true;
};

// Each entry's next entry's start (by id, per deal): when the deal left the entry's stage.
std::map<int64_t, std::string> next_starts(const std::vector<Entry>& all) {
  std::map<std::string, int64_t> last_of_deal;
  std::map<int64_t, std::string> out;
  for (const auto& e : all) {
    if (auto it = last_of_deal.find(e.deal); it != last_of_deal.end()) out[it->second] = e.changed_at;
    last_of_deal[e.deal] = e.id;
  }
  return out;
}

class FunnelKept : public Sales {
 protected:
  static inline Rep rep_;
  static void SetUpTestSuite() {
    Sales::SetUpTestSuite();
    rep_ = sign_in_new_rep("funnel-rep-", "funnel-rep-password-1234");
  }
  static void TearDownTestSuite() {
    rep_ = {};
    Sales::TearDownTestSuite();
  }

  std::vector<Entry> entries(const std::string& ws) {
    std::vector<Entry> out;
    for (const auto& r : sql("SELECT CAST(h.id AS TEXT), h.deal_id, h.to_stage_id, h.changed_at, coalesce(h.left_at, ''), "
                             "CASE WHEN h.left_at IS NULL THEN '1' ELSE '0' END, coalesce(d.owner_id, ''), "
                             "CASE WHEN d.deleted_at IS NULL THEN '1' ELSE '0' END FROM deal_stage_history h JOIN deals d ON d.id = h.deal_id "
                             "WHERE h.workspace_id = ? ORDER BY h.id",
                             {ws}))
      out.push_back({std::stoll(r[0]), r[1], r[2], r[3], r[4], r[6], r[5] == "1", r[7] == "1"});
    return out;
  }

  // Each entry's end is its deal's next entry's start (by id), and deal_stage_times holds, per
  // month, stage and owner of live deals, the entries, the open ones, Σ starts and Σ ends (ms after
  // the month's first instant).
  void check_stage_times(const std::string& ws, const std::string& when) {
    const auto all = entries(ws);
    const auto next_start = next_starts(all);
    std::map<std::string, std::vector<int64_t>> want;
    for (const auto& e : all) {
      auto next = next_start.find(e.id);
      EXPECT_EQ(e.left_null, next == next_start.end()) << when << ": entry " << e.id;
      if (next != next_start.end()) {
        EXPECT_EQ(e.left_at, next->second) << when << ": entry " << e.id;
      }
      if (!e.live) continue;
      const std::string month = e.changed_at.substr(0, 7);
      const int64_t base = ms(month + "-01T00:00:00Z");
      auto& w = want[month + " " + e.stage + " " + e.owner];
      if (w.empty()) w = {0, 0, 0, 0};
      w[0] += 1;
      w[1] += e.left_null ? 1 : 0;
      w[2] += ms(e.changed_at) - base;
      if (!e.left_null) w[3] += ms(e.left_at) - base;
    }
    std::map<std::string, std::vector<int64_t>> got;
    for (const auto& r : sql("SELECT entered_month, stage_id, owner_id, CAST(entries AS TEXT), CAST(open_entries AS TEXT), "
                             "CAST(start_ms AS TEXT), CAST(end_ms AS TEXT) FROM deal_stage_times WHERE workspace_id = ? AND "
                             "(entries <> 0 OR open_entries <> 0 OR start_ms <> 0 OR end_ms <> 0)",
                             {ws}))
      got[r[0] + " " + r[1] + " " + r[2]] = {std::stoll(r[3]), std::stoll(r[4]), std::stoll(r[5]), std::stoll(r[6])};
    EXPECT_EQ(got, want) << when;
    EXPECT_FALSE(want.empty()) << when;
  }

  // deal_closed_totals against the live closed deals.
  void check_closed(const std::string& ws, const std::string& when) {
    std::map<std::string, std::vector<int64_t>> want, got;
    for (const auto& r : sql("SELECT substr(closed_at, 1, 7), pipeline_id, coalesce(owner_id, ''), coalesce(currency, ''), stage_id, "
                             "coalesce(CAST(amount AS TEXT), ''), created_at, closed_at FROM deals WHERE workspace_id = ? AND "
                             "deleted_at IS NULL AND closed_at IS NOT NULL",
                             {ws})) {
      auto& w = want[r[0] + " " + r[1] + " " + r[2] + " " + r[3] + " " + r[4]];
      if (w.empty()) w = {0, 0, 0, 0, 0};
      const int64_t amount = r[5].empty() ? 0 : std::stoll(r[5]);
      w[0] += 1;
      w[1] += r[5].empty() ? 0 : 1;
      w[2] += amount / 1000000000;
      w[3] += amount % 1000000000;
      w[4] += ms(r[7]) - ms(r[6]);
    }
    for (const auto& r : sql("SELECT closed_month, pipeline_id, owner_id, currency, stage_id, CAST(deals AS TEXT), CAST(amounts AS TEXT), "
                             "CAST(amount_high AS TEXT), CAST(amount_low AS TEXT), CAST(cycle_ms AS TEXT) FROM deal_closed_totals "
                             "WHERE workspace_id = ? AND (deals <> 0 OR amounts <> 0 OR amount_high <> 0 OR amount_low <> 0 OR cycle_ms <> 0)",
                             {ws}))
      got[r[0] + " " + r[1] + " " + r[2] + " " + r[3] + " " + r[4]] = {std::stoll(r[5]), std::stoll(r[6]), std::stoll(r[7]),
                                                                       std::stoll(r[8]), std::stoll(r[9])};
    EXPECT_EQ(got, want) << when;
  }

  // The funnel's closed and stage-time figures as the answer gives them and as the old computation
  // gives them from the raw rows (owner "": every owner).
  void check_answer(const std::string& ws, const TestPipeline& p, const std::string& from, const std::string& to,
                    const json::value& answer, const std::string& owner, const std::string& when) {
    const std::string lo = from + "-01T00:00:00.000Z";
    const int64_t lo_ms = ms(lo), hi_ms = ms(add_month(to) + "-01T00:00:00Z"), now = clock::now_ms();
    const std::set<std::string> won_stages{p.won}, lost_stages{p.lost};
    int64_t won = 0, lost = 0;
    double cycle_ms = 0;
    std::map<std::string, std::pair<int64_t, int64_t>> per_currency;  // count with amount, Σ amount
    for (const auto& r : sql("SELECT stage_id, coalesce(currency, ''), coalesce(CAST(amount AS TEXT), ''), created_at, closed_at, "
                             "coalesce(owner_id, '') FROM deals WHERE workspace_id = ? AND deleted_at IS NULL AND closed_at IS NOT NULL",
                             {ws})) {
      const int64_t closed = ms(r[4]);
      if (closed < lo_ms || closed >= hi_ms || (!owner.empty() && r[5] != owner)) continue;
      if (lost_stages.count(r[0])) ++lost;
      if (!won_stages.count(r[0])) continue;
      ++won;
      cycle_ms += static_cast<double>(closed - ms(r[3]));
      if (!r[1].empty() && !r[2].empty()) {
        per_currency[r[1]].first += 1;
        per_currency[r[1]].second += std::stoll(r[2]);
      }
    }
    EXPECT_EQ(answer.at("deals_lost").as_int64(), lost) << when;
    int64_t answer_won = -1;
    for (const auto& s : answer.at("funnel").as_array())
      if (text(s, "step") == "deals_won") answer_won = s.at("count").as_int64();
    EXPECT_EQ(answer_won, won) << when;
    if (won > 0) {
      EXPECT_NEAR(answer.at("average_sales_cycle_days").as_double(), cycle_ms / 1000.0 / 86400.0 / static_cast<double>(won), 1e-6) << when;
    }
    std::map<std::string, std::pair<int64_t, int64_t>> got_currency;
    for (const auto& a : answer.at("won_by_currency").as_array())
      got_currency[text(a, "currency")] = {a.at("count").as_int64(), a.at("amount").as_int64()};
    EXPECT_EQ(got_currency, per_currency) << when;

    // Time per stage: entries that began in the window, until the deal's next entry or now.
    const auto all = entries(ws);
    const auto next = next_starts(all);
    std::map<std::string, std::pair<int64_t, double>> want;
    for (const auto& e : all) {
      const int64_t start = ms(e.changed_at);
      if (!e.live || start < lo_ms || start >= hi_ms || (!owner.empty() && e.owner != owner)) continue;
      auto n = next.find(e.id);
      auto& w = want[e.stage];
      w.first += 1;
      w.second += static_cast<double>((n == next.end() ? now : ms(n->second)) - start) / 1000.0;
    }
    std::map<std::string, std::pair<int64_t, double>> got;
    for (const auto& s : answer.at("stage_times").as_array())
      got[text(s, "stage_id")] = {s.at("entries").as_int64(), s.at("average_seconds").as_double() * static_cast<double>(s.at("entries").as_int64())};
    ASSERT_EQ(got.size(), want.size()) << when;
    for (const auto& [stage, w] : want) {
      ASSERT_TRUE(got.count(stage)) << when << ": " << stage;
      EXPECT_EQ(got[stage].first, w.first) << when << ": " << stage;
      // The server's now is a moment before the test's: a few seconds per open entry.
      EXPECT_NEAR(got[stage].second / static_cast<double>(w.first), w.second / static_cast<double>(w.first), 5.0) << when << ": " << stage;
    }
  }

  static std::string add_month(const std::string& month) {
    int y = std::stoi(month.substr(0, 4)), m = std::stoi(month.substr(5, 2)) + 1;
    if (m == 13) y += 1, m = 1;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
    return buf;
  }

  void check(const std::string& ws, const TestPipeline& p, const std::string& when) {
    check_stage_times(ws, when);
    check_closed(ws, when);
    const std::string from = "2025-06", to = this_month();
    const std::string query = "/api/v1/reports/funnel?from=" + from + "&to=" + to;
    auto all = get(query);
    ASSERT_EQ(all.status, 200) << all.body;
    check_answer(ws, p, from, to, all.json(), "", when + " (admin)");
    auto one = get(query + "&pipeline_id=" + p.id);
    ASSERT_EQ(one.status, 200) << one.body;
    check_answer(ws, p, from, to, one.json(), "", when + " (one pipeline)");
    auto owned = get(query + "&owner_id=" + rep_.id);
    ASSERT_EQ(owned.status, 200) << owned.body;
    check_answer(ws, p, from, to, owned.json(), rep_.id, when + " (owner_id)");
    auto rep = rep_.client->call("GET", query, rep_.token);
    ASSERT_EQ(rep.status, 200) << rep.body;
    check_answer(ws, p, from, to, rep.json(), rep_.id, when + " (sales rep)");
  }
};

TEST_F(FunnelKept, KeptFiguresEqualTheRawRowsThroughEveryWrite) {
  TestPipeline p = make_pipeline(unique_name("Funnel kept "));
  const std::string ws = sql("SELECT workspace_id FROM pipelines WHERE id = ?", {p.id})[0][0];
  std::vector<std::string> ids;
  for (int i = 0; i < 8; ++i) {
    json::object extra{{"stage_id", i % 2 ? p.propose : p.qualify}, {"amount", 1000 + 37 * i}, {"currency", i % 3 ? "EUR" : "USD"}};
    if (i % 4 == 1 || i == 6) extra["owner_id"] = rep_.id;
    ids.push_back(make_deal(p, unique_name("Funnel deal "), extra));
  }
  check(ws, p, "created");

  ASSERT_EQ(move(ids[0], p.propose).status, 200);
  json::value won = json::object{{"stage_id", p.won}, {"expected_close_date", "2026-03-03"}};
  ASSERT_EQ(post("/api/v1/deals/" + ids[1] + "/move", won).status, 200);
  ASSERT_EQ(post("/api/v1/deals/" + ids[2] + "/move", won).status, 200);
  json::value lost = json::object{{"stage_id", p.lost}, {"expected_close_date", "2026-03-03"}, {"lost_reason", "price"}};
  ASSERT_EQ(post("/api/v1/deals/" + ids[3] + "/move", lost).status, 200);
  ASSERT_EQ(move(ids[4], p.propose).status, 200);
  ASSERT_EQ(move(ids[4], p.qualify).status, 200);
  check(ws, p, "moved");

  // An import with history writes a deal's entries at their own times (imports/row_writer.cpp): all of
  // one deal's entries to one time; another deal's history replaced by dated entries over earlier
  // months (as an import's undo puts an image back, imports/history_image.cpp).
  write_sql("UPDATE deal_stage_history SET changed_at = '2025-11-20T08:00:00.000Z' WHERE workspace_id = ? AND deal_id = ?", {ws, ids[0]});
  write_sql("UPDATE deals SET created_at = '2025-07-01T10:00:00.000Z', closed_at = '2025-12-24T17:30:00.250Z' WHERE id = ?", {ids[2]});
  write_sql("DELETE FROM deal_stage_history WHERE workspace_id = ? AND deal_id = ?", {ws, ids[2]});
  const std::vector<std::pair<std::string, std::string>> image{{p.qualify, "2025-07-01T10:00:00.000Z"},
                                                               {p.propose, "2025-08-31T23:59:59.999Z"},
                                                               {p.qualify, "2025-09-15T12:00:00.500Z"},
                                                               {p.won, "2025-12-24T17:30:00.250Z"}};
  for (const auto& [stage, at] : image)
    write_sql("INSERT INTO deal_stage_history (workspace_id, deal_id, from_stage_id, to_stage_id, changed_at, changed_by) "
              "VALUES (?, ?, NULL, ?, ?, NULL)",
              {ws, ids[2], stage, at});
  check(ws, p, "history imported");

  // One entry in the middle removed: the one before it now lasts until the one after it.
  write_sql("DELETE FROM deal_stage_history WHERE id = (SELECT id FROM deal_stage_history WHERE deal_id = ? AND to_stage_id = ?)",
            {ids[2], p.propose});
  // And an entry moved to another stage.
  write_sql("UPDATE deal_stage_history SET to_stage_id = ? WHERE deal_id = ? AND changed_at = '2025-09-15T12:00:00.500Z'", {p.propose, ids[2]});
  check(ws, p, "entry removed and changed");

  json::value to_rep = json::object{{"owner_id", rep_.id}};
  ASSERT_EQ(patch("/api/v1/deals/" + ids[2], to_rep).status, 200);
  json::value to_nobody = json::object{{"owner_id", nullptr}};
  ASSERT_EQ(patch("/api/v1/deals/" + ids[5], to_nobody).status, 200);
  check(ws, p, "owners changed");

  ASSERT_EQ(del("/api/v1/deals/" + ids[1]).status, 204);
  ASSERT_EQ(del("/api/v1/deals/" + ids[4]).status, 204);
  check(ws, p, "deleted");

  json::value none = json::object{};
  ASSERT_EQ(post("/api/v1/deals/" + ids[4] + "/restore", none).status, 200);
  check(ws, p, "restored");
}

}  // namespace
}  // namespace rapport::testing
