// Removing a stage moves its deals (live and in the recycle bin) as changes of each deal: version,
// audit entry, events, stage history and the won/lost rules, like any other change of a deal.
#include "sales_helpers.hpp"

namespace rapport::testing {
namespace {

using Names = std::vector<std::string>;

class StageRemoval : public Sales {
 protected:
  int64_t count(const std::string& sql, const std::string& id) {
    auto rows = query_database(server().data_dir(), sql, {id});
    return rows.empty() ? -1 : std::stoll(rows[0][0]);
  }
  int64_t events(const std::string& type, const std::string& id) {
    return count("SELECT count(*) FROM outbox WHERE event_type = '" + type + "' AND object_id = ?", id);
  }
  int64_t audits(const std::string& id) { return count("SELECT count(*) FROM audit_log WHERE object_type = 'deals' AND object_id = ?", id); }
  // The stored row, whatever its state (the API does not show deals in the recycle bin).
  std::vector<std::string> row(const std::string& id) {
    auto rows = query_database(server().data_dir(),
                               "SELECT stage_id, version, closed_at, expected_close_date, lost_reason FROM deals WHERE id = ?", {id});
    EXPECT_EQ(rows.size(), 1u) << "deal " << id;
    return rows.empty() ? std::vector<std::string>(5, "") : rows[0];
  }
  std::string last_stage(const std::string& id) {
    auto rows = query_database(server().data_dir(),
                               "SELECT to_stage_id, from_stage_id FROM deal_stage_history WHERE deal_id = ? ORDER BY id DESC LIMIT 1", {id});
    return rows.empty() ? "" : rows[0][0];
  }
};

TEST_F(StageRemoval, DealsMovedIntoALostStageAreChangesOfEachDeal) {
  auto p = make_pipeline(unique_name("Retire "));
  std::string old = make_deal(p, "Already lost", json::object{{"stage_id", p.lost}, {"expected_close_date", "2026-01-15"}, {"lost_reason", "Budget"}});
  std::string a = make_deal(p, "A", json::object{{"stage_id", p.propose}});
  std::string b = make_deal(p, "B", json::object{{"stage_id", p.propose}, {"expected_close_date", "2026-03-01"}, {"lost_reason", "Timing"}});
  std::string binned = make_deal(p, "Binned", json::object{{"stage_id", p.propose}});
  ASSERT_EQ(del("/api/v1/deals/" + binned).status, 204);
  std::map<std::string, int64_t> version, updated, changed, audited;
  for (const auto& id : {a, b, binned}) {
    version[id] = std::stoll("0" + row(id)[1]);
    updated[id] = events("deal.updated", id);
    changed[id] = events("deal.stage_changed", id);
    audited[id] = audits(id);
  }

  // A stage holding only a deal in the recycle bin still needs a target.
  auto refused = del("/api/v1/pipelines/" + p.id + "/stages/" + p.propose);
  EXPECT_EQ(refused.status, 409) << refused.body;
  // Into a lost stage, deals without a lost reason need one: 422 naming them, nothing moves.
  auto no_reason = del("/api/v1/pipelines/" + p.id + "/stages/" + p.propose + "?move_to=" + p.lost);
  ASSERT_EQ(no_reason.status, 422) << no_reason.body;
  EXPECT_EQ(error_fields(no_reason), Names{"lost_reason"});
  Names named;
  const json::value problem = no_reason.json();
  for (const auto& v : problem.at("errors").as_array()[0].at("deal_ids").as_array()) named.emplace_back(v.as_string());
  std::sort(named.begin(), named.end());
  Names expected{a, binned};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(named, expected) << "B has its own reason";
  EXPECT_EQ(row(a)[0], p.propose);
  EXPECT_EQ(std::stoll("0" + row(a)[1]), version[a]);
  EXPECT_EQ(get("/api/v1/pipelines/" + p.id).json().at("stages").as_array().size(), 4u);
  // A lost reason only goes with a lost target.
  EXPECT_EQ(del("/api/v1/pipelines/" + p.id + "/stages/" + p.propose + "?move_to=" + p.qualify + "&lost_reason=Retired").status, 422);
  // An empty or oversize reason is 422 on lost_reason, and nothing moves.
  for (const std::string& reason : {std::string(), std::string(1001, 'r')}) {
    auto bad = del("/api/v1/pipelines/" + p.id + "/stages/" + p.propose + "?move_to=" + p.lost + "&lost_reason=" + reason);
    ASSERT_EQ(bad.status, 422) << bad.body;
    EXPECT_EQ(error_fields(bad), Names{"lost_reason"});
  }
  EXPECT_EQ(row(a)[0], p.propose);
  EXPECT_EQ(std::stoll("0" + row(a)[1]), version[a]);

  auto ok = del("/api/v1/pipelines/" + p.id + "/stages/" + p.propose + "?move_to=" + p.lost + "&lost_reason=Retired");
  ASSERT_EQ(ok.status, 204) << ok.body;
  for (const auto& id : {a, b, binned}) {
    auto r = row(id);
    ASSERT_EQ(r.size(), 5u);
    EXPECT_EQ(r[0], p.lost) << id;
    EXPECT_EQ(std::stoll("0" + r[1]), version[id] + 1) << id;
    ASSERT_NE(r[2], "\x01null") << "closed_at is set: " << id;
    EXPECT_EQ(events("deal.updated", id), updated[id] + 1) << id;
    EXPECT_EQ(events("deal.stage_changed", id), changed[id] + 1) << id;
    EXPECT_EQ(audits(id), audited[id] + 1) << id;
    EXPECT_EQ(last_stage(id), p.lost) << id;
    if (id == b) {
      EXPECT_EQ(r[3], "2026-03-01") << "a close date given is kept";
      EXPECT_EQ(r[4], "Timing") << "a reason given is kept";
    } else {
      EXPECT_EQ(r[3], r[2].substr(0, 10)) << "a deal without a close date closes today";
      EXPECT_EQ(r[4], "Retired");
    }
  }
  // The audit entry is the deal's own history, with the fields that changed.
  auto history = data_of(get("/api/v1/deals/" + a + "/history"));
  ASSERT_FALSE(history.empty());
  Names fields;
  for (const auto& c : history[0].at("changes").as_array()) fields.push_back(text(c, "field"));
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (Names{"closed_at", "expected_close_date", "lost_reason", "stage_id"}));
  // Live deals follow the lost column's deals in their old order (B was on top of A).
  auto cols = columns(p);
  ASSERT_EQ(cols.size(), 3u);
  EXPECT_EQ(cols[2], (Names{"Already lost", "B", "A"}));
  EXPECT_EQ(std::stoll("0" + row(old)[1]), 1) << "deals already in the target are untouched";
  // Restored, the binned deal is in a current stage and valid.
  auto restored = post("/api/v1/deals/" + binned + "/restore", json::object{});
  ASSERT_EQ(restored.status, 200) << restored.body;
  EXPECT_EQ(text(restored.json(), "stage_id"), p.lost);
  EXPECT_EQ(patch("/api/v1/deals/" + binned, json::object{{"name", "Binned again"}}).status, 200);
}

TEST_F(StageRemoval, ClosedDealsReopenInAnOpenStageAndOpenOnesCloseInAWonStage) {
  auto p = make_pipeline(unique_name("Reopen "));
  std::string won = make_deal(p, "Won one", json::object{{"stage_id", p.won}, {"expected_close_date", "2026-02-01"}});
  ASSERT_EQ(row(won).size(), 5u);
  ASSERT_NE(row(won)[2], "\x01null");
  ASSERT_EQ(del("/api/v1/pipelines/" + p.id + "/stages/" + p.won + "?move_to=" + p.propose).status, 204);
  auto r = row(won);
  EXPECT_EQ(r[0], p.propose);
  EXPECT_EQ(r[2], "\x01null") << "closed_at is cleared in an open stage";
  EXPECT_EQ(r[3], "2026-02-01");
  auto d = get("/api/v1/deals/" + won).json();
  EXPECT_TRUE(d.at("closed_at").is_null());
  EXPECT_EQ(d.at("version").as_int64(), 2);

  // An open deal moved into a won stage is closed now, with today as its close date.
  auto q = make_pipeline(unique_name("Close "));
  std::string open = make_deal(q, "Open one");
  ASSERT_EQ(del("/api/v1/pipelines/" + q.id + "/stages/" + q.qualify + "?move_to=" + q.won).status, 204);
  auto w = get("/api/v1/deals/" + open).json();
  EXPECT_EQ(text(w, "stage_id"), q.won);
  ASSERT_FALSE(text(w, "closed_at").empty());
  EXPECT_EQ(text(w, "expected_close_date"), text(w, "closed_at").substr(0, 10));
  EXPECT_EQ(w.at("version").as_int64(), 2);
  EXPECT_EQ(events("deal.updated", open), 1);
}

// A stage of more deals than one batch (512) moves with each deal's change written: version, audit
// entry, both events, a stage-history entry, closing and a place; deal_totals follows.
TEST_F(StageRemoval, EveryDealOfALargeStageGetsItsChangeAndTheTotalsFollow) {
  auto p = make_pipeline(unique_name("Large "));
  std::string first = make_deal(p, "Template", json::object{{"stage_id", p.propose}, {"amount", 123456}, {"currency", "EUR"},
                                                            {"expected_close_date", "2026-05-20"}});
  clone_deal(first, 1100, 0);
  make_deal(p, "Open, no amount", json::object{{"stage_id", p.propose}});
  make_deal(p, "Already won", json::object{{"stage_id", p.won}, {"expected_close_date", "2026-01-15"}});
  const std::string ws = sql("SELECT workspace_id FROM pipelines WHERE id = ?", {p.id})[0][0];
  const std::string moving = "SELECT count(*) FROM deals WHERE pipeline_id = ? AND stage_id = ?";
  ASSERT_EQ(sql(moving, {p.id, p.propose})[0][0], "1102");

  auto ok = del("/api/v1/pipelines/" + p.id + "/stages/" + p.propose + "?move_to=" + p.won);
  ASSERT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(sql(moving, {p.id, p.propose})[0][0], "0");
  // Each moved deal (not the one already won): counted by what it lacks, which must be nothing.
  const std::string moved = "FROM deals d WHERE d.pipeline_id = ? AND d.name <> 'Already won' AND ";
  EXPECT_EQ(sql("SELECT count(*) " + moved + "(d.stage_id <> ? OR d.closed_at IS NULL OR d.expected_close_date IS NULL)",
                {p.id, p.won})[0][0], "0");
  EXPECT_EQ(sql("SELECT count(*) " + moved + "d.version <> 2", {p.id})[0][0], "0");
  EXPECT_EQ(sql("SELECT count(*) " + moved + "NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.object_id = d.id AND a.action = 'update' "
                "AND a.changes LIKE '%stage_id%')", {p.id})[0][0], "0");
  for (const std::string type : {"deal.updated", "deal.stage_changed"})
    EXPECT_EQ(sql("SELECT count(*) " + moved + "NOT EXISTS (SELECT 1 FROM outbox o WHERE o.object_id = d.id AND o.event_type = ? "
                  "AND o.owner_id = d.owner_id)", {p.id, type})[0][0], "0") << type;
  EXPECT_EQ(sql("SELECT count(*) " + moved + "NOT EXISTS (SELECT 1 FROM deal_stage_history h WHERE h.deal_id = d.id AND "
                "h.from_stage_id = ? AND h.to_stage_id = ?)", {p.id, p.propose, p.won})[0][0], "0");
  EXPECT_EQ(sql("SELECT count(DISTINCT board_rank) FROM deals WHERE pipeline_id = ? AND stage_id = ?", {p.id, p.won})[0][0], "1103");
  auto [totals, direct] = totals_and_aggregation(ws);
  EXPECT_EQ(totals, direct);
  ASSERT_FALSE(totals.empty());
  auto [buckets, bucketed] = amount_buckets_and_bucketing(ws);  // kept per statement on PostgreSQL
  EXPECT_EQ(buckets, bucketed);
  // Through the API: the version and the history of a cloned deal.
  std::string clone = sql("SELECT id FROM deals WHERE pipeline_id = ? AND id <> ? AND name = 'Template' ORDER BY id LIMIT 1", {p.id, first})[0][0];
  auto d = get("/api/v1/deals/" + clone).json();
  EXPECT_EQ(text(d, "stage_id"), p.won);
  EXPECT_EQ(d.at("version").as_int64(), 2);
  EXPECT_FALSE(data_of(get("/api/v1/deals/" + clone + "/history")).empty());
}

}  // namespace
}  // namespace rapport::testing
