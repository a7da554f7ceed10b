// The funnel's figures kept (migration 0080) against the same figures scanned from the deals and their
// stage history (the computation the funnel used before), on varied generated data: deals over three
// owners (one of them none), two pipelines, closed and open, some deleted, histories of up to six
// entries across 2025-2026 (a stage since removed among them), for several windows, one pipeline, some
// owners and a sales rep's own scope.
#include "modules/sales/funnel_figures.hpp"

#include <map>
#include <random>

#include "modules/sales/reports_detail.hpp"
#include "modules/sales/sales_test_support.hpp"
#include "platform/clock.hpp"

namespace rapport::sales {
namespace {

constexpr const char* kUser2 = "01890000-0000-7000-8000-0000000000bb";

class FunnelFigures : public testing::SalesDb {
 protected:
  Pipeline p, q;

  // `n` deals with histories, written straight as rows (the triggers keep the figures as for any write).
  void generate(int n, unsigned seed) {
    std::mt19937 rng(seed);
    auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
    const int64_t base = *clock::parse_datetime("2025-01-01T00:00:00Z");
    for (int i = 0; i < n; ++i) {
      const Pipeline& in = pick(3) ? p : q;
      const std::string id = testing::numbered("deal-", i);
      int64_t at = base + static_cast<int64_t>(rng() % (600ull * 86400000ull));
      const std::string created = clock::format_ms(at);
      std::vector<std::pair<std::string, std::string>> history;
      const int moves = 1 + pick(6);
      std::string stage;
      for (int m = 0; m < moves; ++m) {
        stage = m == 2 && pick(4) == 0 ? std::string("removed-stage") : in.stages[static_cast<std::size_t>(pick(static_cast<int>(in.stages.size())))].id;
        history.emplace_back(stage, clock::format_ms(at));
        at += static_cast<int64_t>(rng() % (40ull * 86400000ull)) + pick(1000);
      }
      if (stage == "removed-stage") stage = in.stages[0].id;
      const Stage* current = nullptr;
      for (const auto& s : in.stages)
        if (s.id == stage) current = &s;
      const bool closed = current->type != "open";
      const std::string owner = std::vector<std::string>{ctx.user_id, kUser2, ""}[static_cast<std::size_t>(pick(3))];
      exec("INSERT INTO deals (id, workspace_id, name, pipeline_id, stage_id, amount, currency, owner_id, closed_at, created_at, updated_at, "
           "deleted_at) VALUES (?, 'ws1', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           {id, id, in.id, stage, pick(5) ? db::Value(int64_t{100 + pick(100000)}) : db::Value(nullptr),
            pick(4) ? db::Value(pick(2) ? "EUR" : "USD") : db::Value(nullptr), owner.empty() ? db::Value(nullptr) : db::Value(owner),
            closed ? db::Value(history.back().second) : db::Value(nullptr), created, created,
            pick(8) ? db::Value(nullptr) : db::Value(created)});
      for (const auto& [s, when] : history)
        exec("INSERT INTO deal_stage_history (workspace_id, deal_id, from_stage_id, to_stage_id, changed_at) VALUES ('ws1', ?, NULL, ?, ?)",
             {id, s, when});
    }
  }

  void compare(const access::Context& who, const funnel::Filter& f, const std::string& what) {
    const int64_t now = clock::now_ms();
    db->read([&](db::Connection& c) {
      auto kept = funnel::closed_kept(c, who, f), scanned = funnel::closed_scanned(c, who, f);
      auto key = [](const funnel::ClosedGroup& g) { return g.type + " " + g.currency; };
      std::map<std::string, const funnel::ClosedGroup*> by_key;
      for (const auto& g : scanned) by_key[key(g)] = &g;
      EXPECT_EQ(kept.size(), scanned.size()) << what;
      for (const auto& g : kept) {
        auto it = by_key.find(key(g));
        if (it == by_key.end()) {
          ADD_FAILURE() << what << ": " << key(g);
          continue;
        }
        const auto& s = *it->second;
        EXPECT_EQ(g.deals, s.deals) << what << ": " << key(g);
        EXPECT_EQ(g.amounts, s.amounts) << what << ": " << key(g);
        money::Total a, b;
        a.add_parts(g.amount_high, g.amount_low);
        b.add_parts(s.amount_high, s.amount_low);
        EXPECT_EQ(a.value(), b.value()) << what << ": " << key(g);
        EXPECT_NEAR(g.cycle_seconds, s.cycle_seconds, 1e-3 * static_cast<double>(g.deals)) << what << ": " << key(g);
      }
      auto kept_times = funnel::stage_times_kept(c, who, f, now), scanned_times = funnel::stage_times_scanned(c, who, f, now);
      EXPECT_EQ(kept_times.size(), scanned_times.size()) << what;
      for (std::size_t i = 0; i < std::min(kept_times.size(), scanned_times.size()); ++i) {
        const auto &k = kept_times[i], &s = scanned_times[i];
        EXPECT_EQ(k.stage_id, s.stage_id) << what << ": the stages' order";
        EXPECT_EQ(k.name, s.name) << what;
        EXPECT_EQ(k.pipeline_id, s.pipeline_id) << what;
        EXPECT_EQ(k.entries, s.entries) << what << ": " << k.stage_id;
        EXPECT_NEAR(k.seconds, s.seconds, 1e-3 * static_cast<double>(k.entries)) << what << ": " << k.stage_id;
      }
      return 0;
    });
  }
};

TEST_F(FunnelFigures, KeptEqualScannedOnVariedData) {
  exec("INSERT INTO users(id, workspace_id, email, password_hash, role, created_at, updated_at) VALUES "
       "(?, 'ws1', 'b@example.com', 'x', 'sales_rep', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
       {kUser2});
  p = pipeline("P", {"open", "open", "open", "won", "lost"});
  q = pipeline("Q", {"open", "won", "lost"});
  generate(400, 17);
  // A few owners changed, deals deleted and restored, entries removed, after the rows were written.
  exec("UPDATE deals SET owner_id = ? WHERE id IN ('deal-3', 'deal-7', 'deal-11')", {kUser2});
  exec("UPDATE deals SET owner_id = NULL WHERE id IN ('deal-4', 'deal-8')");
  exec("UPDATE deals SET deleted_at = '2026-02-02T00:00:00.000Z' WHERE id IN ('deal-5', 'deal-9')");
  exec("UPDATE deals SET deleted_at = NULL WHERE deleted_at IS NOT NULL AND id IN ('deal-20', 'deal-21', 'deal-22', 'deal-23')");
  exec("DELETE FROM deal_stage_history WHERE id IN (SELECT max(id) FROM deal_stage_history WHERE deal_id IN ('deal-30', 'deal-31') GROUP BY deal_id)");

  // A sales rep: their own deals only (the scope is a condition on owner_id).
  auto own = std::make_shared<identity::Permissions>();
  own->defaults.fill(identity::Scope::Own);
  access::Context rep = ctx;
  rep.grants = own;
  rep.user_id = kUser2;
  const int from = *reports::parse_month("2025-01"), mid = *reports::parse_month("2025-09"), to = *reports::parse_month("2026-12");
  db->read([&](db::Connection& c) {  // the data is varied enough to compare something
    const funnel::Filter all{"ws1", from, to, "", {}};
    EXPECT_GE(funnel::stage_times_kept(c, ctx, all, clock::now_ms()).size(), 8u);  // P's five, Q's three, the removed one
    EXPECT_EQ(funnel::closed_kept(c, ctx, all).size(), 6u);                      // won and lost × EUR, USD, none
    return 0;
  });
  for (const auto& [a, b] : std::vector<std::pair<int, int>>{{from, to}, {mid, mid + 11}, {mid, mid}, {to + 1, to + 3}}) {
    const std::string window = reports::month_text(a) + ".." + reports::month_text(b);
    compare(ctx, {"ws1", a, b, "", {}}, window);
    compare(ctx, {"ws1", a, b, p.id, {}}, window + " pipeline P");
    compare(ctx, {"ws1", a, b, q.id, {kUser2}}, window + " pipeline Q, one owner");
    compare(ctx, {"ws1", a, b, "", {ctx.user_id, kUser2}}, window + " two owners");
    compare(rep, {"ws1", a, b, "", {}}, window + " as a sales rep");
  }
}

}  // namespace
}  // namespace rapport::sales
