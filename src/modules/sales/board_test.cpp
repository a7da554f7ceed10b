// The board's store and rules: a column pages without skips or repeats, the top-of-column rank, the
// rank between neighbours and the respacing of an exhausted gap.
#include "modules/sales/board_service.hpp"
#include "modules/sales/board_store.hpp"
#include "modules/sales/sales_test_support.hpp"

namespace rapport::sales::testing {
namespace {

TEST(RankBetween, MidpointsEndsAndExhaustedGaps) {
  EXPECT_EQ(rank_between(std::nullopt, std::nullopt), 0.0);
  EXPECT_EQ(rank_between(std::nullopt, 10.0), 10.0 - 1024);
  EXPECT_EQ(rank_between(10.0, std::nullopt), 10.0 + 1024);
  EXPECT_EQ(rank_between(0.0, 1024.0), 512.0);
  EXPECT_EQ(rank_between(1.0, std::nextafter(1.0, 2.0)), std::nullopt);
}

class BoardDb : public SalesDb {};

TEST_F(BoardDb, AColumnPagesInBoardOrderWithoutSkipsOrRepeats) {
  auto p = pipeline("Board", {"open", "won"});
  std::vector<std::string> made;
  for (int i = 0; i < 7; ++i) made.push_back(deal(p, p.stages[0], numbered("D", i)));
  // Each new deal went to the top: the column is the creation order reversed. Two equal ranks are
  // ordered by id.
  ASSERT_TRUE(db->write([&](db::Connection& c) -> Status {
    set_rank(c, "ws1", made[2], 5.0);
    set_rank(c, "ws1", made[3], 5.0);
    return ok_status();
  }).ok());
  auto expected = column("SELECT id FROM deals WHERE stage_id = ? ORDER BY board_rank, id", {p.stages[0].id});
  std::vector<std::string> seen;
  std::optional<records::keyset::Position> after;
  int pages = 0;
  db->read([&](db::Connection& c) {
    for (;; ++pages) {
      auto page = column_page(c, ctx, p.stages[0].id, 3, after);
      for (const auto& card : page.cards) seen.emplace_back(card.at("id").as_string());
      if (!page.next_cursor) break;
      auto next = records::keyset::parse_cursor(column_order(p.stages[0].id), *page.next_cursor);
      EXPECT_TRUE(next.ok() && next->has_value());
      if (!next.ok() || !next->has_value()) break;
      after = **next;
    }
    return 0;
  });
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(pages, 2);
}

TEST_F(BoardDb, TopRankRespaceAndPlacement) {
  auto p = pipeline("Ranks", {"open", "won"});
  const std::string& s = p.stages[0].id;
  auto a = deal(p, p.stages[0], "A");
  auto b = deal(p, p.stages[0], "B");  // on top of A
  ASSERT_TRUE(db->write([&](db::Connection& c) -> Status {
    EXPECT_EQ(top_rank(c, "ws1", s, ""), *rank_of(c, "ws1", b) - 1024);
    EXPECT_EQ(top_rank(c, "ws1", s, b), *rank_of(c, "ws1", a) - 1024) << "the deal being moved does not count";
    EXPECT_EQ(top_rank(c, "ws1", p.stages[1].id, ""), 0.0) << "an empty column";
    // Exhaust the gap between B and A, then place a third deal after B: the column is respaced.
    set_rank(c, "ws1", b, 1.0);
    set_rank(c, "ws1", a, std::nextafter(1.0, 2.0));
    return ok_status();
  }).ok());
  auto x = deal(p, p.stages[0], "X");
  auto placed = db->write([&](db::Connection& c) { return place_on_board(c, ctx, x, s, b, ""); });
  ASSERT_TRUE(placed.ok());
  EXPECT_EQ(column("SELECT id FROM deals WHERE stage_id = ? ORDER BY board_rank, id", {s}), (std::vector<std::string>{b, x, a}));
  // Respaced in their order (X, on top, 0; B 1024; A 2048), then X went between B and A.
  EXPECT_EQ(column("SELECT CAST(board_rank AS INTEGER) FROM deals WHERE stage_id = ? ORDER BY board_rank", {s}),
            (std::vector<std::string>{"1024", "1536", "2048"}));
  // A neighbour in another column is refused.
  auto other = deal(p, p.stages[1], "Won", {{"expected_close_date", "2026-01-01"}});
  auto refused = db->write([&](db::Connection& c) { return place_on_board(c, ctx, x, s, other, ""); });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.problem().errors.at(0).field, "after_id");
}

TEST_F(BoardDb, TotalsPerStageAndCurrency) {
  auto p = pipeline("Totals", {"open", "won"});
  deal(p, p.stages[0], "A", {{"amount", 100}, {"currency", "EUR"}});
  deal(p, p.stages[0], "B", {{"amount", 50}, {"currency", "EUR"}});
  deal(p, p.stages[0], "C", {{"amount", 7}, {"currency", "USD"}});
  deal(p, p.stages[0], "D");
  auto t = db->read([&](db::Connection& c) { return stage_totals(c, ctx, p.id); });
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[p.stages[0].id].count, 4);
  EXPECT_EQ(t[p.stages[0].id].amounts["EUR"].value().value_or(-1), 150);
  EXPECT_EQ(t[p.stages[0].id].amounts["USD"].value().value_or(-1), 7);
}

}  // namespace
}  // namespace rapport::sales::testing
