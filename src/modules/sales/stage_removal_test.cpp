// Removing a stage moves its deals in batches (records::write_changes, enter_stage_many): each deal
// must still get what any change gets. Checked on more deals than two batches (512) and a remainder
// of several chunks (64 + 8 + 4).
#include "modules/sales/stage_removal.hpp"

#include "modules/sales/sales_test_support.hpp"

namespace rapport::sales::testing {
namespace {
namespace json = boost::json;

class StageRemovalUnit : public SalesDb {
 protected:
  // n deals in stage s, made in one transaction; every third has an amount, every fifth a close date.
  std::vector<std::string> many(const Pipeline& p, const Stage& s, int n) {
    std::vector<std::string> ids;
    auto st = db->write([&](db::Connection& c) -> Status {
      for (int i = 0; i < n; ++i) {
        json::object body{{"name", numbered("D", i)}, {"pipeline_id", p.id}, {"stage_id", s.id}};
        if (i % 3 == 0) {
          body["amount"] = int64_t{1000 + i};
          body["currency"] = i % 2 ? "EUR" : "USD";
        }
        if (i % 5 == 0) body["expected_close_date"] = "2026-0" + std::to_string(1 + i % 9) + "-15";
        auto rec = records::insert_new(c, ctx, deals, body);
        if (!rec) return rec.take_problem();
        ids.emplace_back(rec->at("id").as_string());
      }
      return ok_status();
    });
    EXPECT_TRUE(st.ok());
    return ids;
  }
  // deal_totals and the same figures aggregated from the deals, as text rows.
  std::vector<std::string> totals() {
    return column("SELECT pipeline_id || stage_id || owner_id || currency || close_month || closed_month || '|' || deals || '|' || "
                  "amount_high || '|' || amount_low || '|' || amounts FROM deal_totals WHERE workspace_id = 'ws1' AND deals <> 0 ORDER BY 1");
  }
  std::vector<std::string> aggregated() {
    return column("SELECT pipeline_id || stage_id || coalesce(owner_id, '') || coalesce(currency, '') || "
                  "coalesce(substr(expected_close_date, 1, 7), '') || coalesce(substr(closed_at, 1, 7), '') || '|' || count(*) || '|' || "
                  "coalesce(sum(amount / 1000000000), 0) || '|' || coalesce(sum(amount % 1000000000), 0) || '|' || count(amount) FROM deals "
                  "WHERE workspace_id = 'ws1' AND deleted_at IS NULL GROUP BY pipeline_id, stage_id, owner_id, currency, "
                  "substr(expected_close_date, 1, 7), substr(closed_at, 1, 7) ORDER BY 1");
  }
};

TEST_F(StageRemovalUnit, EveryDealGetsItsVersionAuditEventsHistoryAndPlace) {
  auto p = pipeline("Big", {"open", "open", "won"});
  const Stage &from = p.stages[0], &to = p.stages[2];
  // A deal entering a column goes to its top: B above A.
  std::string won_a = deal(p, to, "Won A", {{"expected_close_date", "2026-01-01"}});
  std::string won_b = deal(p, to, "Won B", {{"expected_close_date", "2026-01-02"}});
  std::vector<std::string> above{won_b, won_a};
  auto ids = many(p, from, 1100);
  // Two in the recycle bin (through SQL; the triggers keep deal_totals).
  ASSERT_TRUE(db->write([&](db::Connection& c) -> Status {
    c.prepare("UPDATE deals SET deleted_at = '2026-02-01T00:00:00.000Z' WHERE id IN (?, ?)").bind_all({ids[7], ids[8]}).run();
    return ok_status();
  }).ok());
  auto order_before = column("SELECT id FROM deals WHERE stage_id = ? AND deleted_at IS NULL ORDER BY board_rank, id", {from.id});
  ASSERT_EQ(order_before.size(), 1098u);
  const int64_t audits_before = count("SELECT count(*) FROM audit_log WHERE object_type = 'deals'");

  ASSERT_TRUE(remove_stage(*db, ctx, p.id, from.id, to.id, std::nullopt).ok());

  EXPECT_EQ(count("SELECT count(*) FROM deals WHERE stage_id = ?", {from.id}), 0);
  EXPECT_EQ(count("SELECT count(*) FROM deals WHERE stage_id = ? AND version = 2 AND closed_at IS NOT NULL AND stage_entered_at IS NOT NULL",
                  {to.id}),
            1100);
  // A deal without a close date closes today; one with a date keeps it.
  EXPECT_EQ(count("SELECT count(*) FROM deals WHERE stage_id = ? AND expected_close_date = substr(closed_at, 1, 10)", {to.id}), 880);
  EXPECT_EQ(column("SELECT expected_close_date FROM deals WHERE id = ?", {ids[5]}), std::vector<std::string>{"2026-06-15"});
  // One audit entry, one deal.updated and one deal.stage_changed per deal (deleted ones too), each
  // event stamped with the deal's owner.
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE object_type = 'deals'") - audits_before, 1100);
  EXPECT_EQ(count("SELECT count(DISTINCT object_id) FROM audit_log WHERE object_type = 'deals' AND action = 'update' AND request_id = 'req-1'"), 1100);
  for (const char* type : {"deal.updated", "deal.stage_changed"})
    EXPECT_EQ(count("SELECT count(DISTINCT object_id) FROM outbox WHERE event_type = ? AND owner_id = ?", {std::string(type), ctx.user_id}), 1100)
        << type;
  EXPECT_EQ(count("SELECT count(*) FROM deal_stage_history WHERE from_stage_id = ? AND to_stage_id = ? AND changed_by = ?",
                  {from.id, to.id, ctx.user_id}),
            1100);
  // The audit entry is the deal's change, field by field; the event carries the record as written.
  auto changes = json::parse(column("SELECT changes FROM audit_log WHERE object_id = ? AND action = 'update'", {ids[1]}).at(0)).as_array();
  std::vector<std::string> fields;
  for (const auto& ch : changes) fields.emplace_back(ch.at("field").as_string());
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"closed_at", "expected_close_date", "stage_id"}));
  auto event = json::parse(column("SELECT payload FROM outbox WHERE object_id = ? AND event_type = 'deal.updated'", {ids[1]}).at(0));
  auto stored = db->read([&](db::Connection& c) { return *deals.find(c, ctx, ids[1]); });
  EXPECT_EQ(event.at("record").as_object(), stored);
  // Live deals follow the column's deals in their old order.
  auto order_after = column("SELECT id FROM deals WHERE stage_id = ? AND deleted_at IS NULL ORDER BY board_rank, id", {to.id});
  ASSERT_EQ(order_after.size(), 1100u);
  EXPECT_EQ(std::vector<std::string>(order_after.begin(), order_after.begin() + 2), above);
  EXPECT_EQ(std::vector<std::string>(order_after.begin() + 2, order_after.end()), order_before);
  EXPECT_EQ(totals(), aggregated());
  EXPECT_EQ(column("SELECT archived_at IS NOT NULL FROM pipeline_stages WHERE id = ?", {from.id}), std::vector<std::string>{"1"});
}

TEST_F(StageRemovalUnit, IntoALostStageWithoutAReasonNothingMoves) {
  auto p = pipeline("Lost", {"open", "open", "lost"});
  auto ids = many(p, p.stages[0], 30);
  auto refused = remove_stage(*db, ctx, p.id, p.stages[0].id, p.stages[2].id, std::nullopt);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.problem().status, 422);
  EXPECT_EQ(count("SELECT count(*) FROM deals WHERE stage_id = ? AND version = 1", {p.stages[0].id}), 30);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE object_type = 'deals' AND action = 'update'"), 0);
  ASSERT_TRUE(remove_stage(*db, ctx, p.id, p.stages[0].id, p.stages[2].id, std::string("Retired")).ok());
  EXPECT_EQ(count("SELECT count(*) FROM deals WHERE stage_id = ? AND lost_reason = 'Retired' AND closed_at IS NOT NULL", {p.stages[2].id}), 30);
  EXPECT_EQ(totals(), aggregated());
}

TEST_F(StageRemovalUnit, WriteChangesRefusesAStaleRecordAndUndeclaredFields) {
  auto p = pipeline("Stale", {"open", "open"});
  auto id = deal(p, p.stages[0], "One");
  auto st = db->write([&](db::Connection& c) -> Status {
    auto before = *deals.find(c, ctx, id);
    json::object after = before;
    after["stage_id"] = p.stages[1].id;
    json::object stale = before;
    stale["version"] = int64_t{0};
    auto r = records::write_changes(c, ctx, deals, {{stale, after}}, {"stage_id"});
    EXPECT_FALSE(r.ok());
    if (!r.ok()) {
      EXPECT_EQ(r.problem().status, 409);
      EXPECT_EQ(r.problem().type_slug, "concurrent-change") << "a write that lost the record's version may run again";
    }
    json::object renamed = before;
    renamed["name"] = "Two";
    EXPECT_THROW(records::write_changes(c, ctx, deals, {{before, renamed}}, {"stage_id"}), std::logic_error);
    EXPECT_THROW(records::write_changes(c, ctx, deals, {{before, after}}, {"stage_id"}, "update", {{"board_rank", "DOUBLE PRECISION"}}),
                 std::logic_error)
        << "a change without its board_rank";
    auto unchanged = records::write_changes(c, ctx, deals, {{before, before}}, {"stage_id"});
    EXPECT_TRUE(unchanged.ok() && unchanged->empty());
    return ok_status();
  });
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(count("SELECT version FROM deals WHERE id = ?", {id}), 1);
}

}  // namespace
}  // namespace rapport::sales::testing
