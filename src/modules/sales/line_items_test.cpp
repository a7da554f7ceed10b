// Line items: the kept precision and exact totals, the one sum of a deal's lines, and the use cases
// (the deal's amount follows its lines, the position after the last line, the cap, the currency).
#include "modules/sales/line_item_service.hpp"
#include "modules/sales/line_item_store.hpp"
#include "modules/sales/sales_test_support.hpp"
#include "platform/money.hpp"

namespace rapport::sales::testing {
namespace {
namespace json = boost::json;

TEST(LineTotals, KeptPrecisionAndExactRounding) {
  EXPECT_EQ(kept(1.0000004, money::kQuantityScale), 1.0);
  EXPECT_EQ(kept(12.34566, money::kDiscountScale), 12.3457);
  std::vector<FieldError> errors;
  EXPECT_EQ(line_total(3, 999, 10, errors).value_or(-1), 2697);  // 2997 less 10 %, 2697.3 rounded
  EXPECT_EQ(line_total(0.5, 3, 0, errors).value_or(-1), 2);        // 1.5 rounds half up
  EXPECT_TRUE(errors.empty());
  EXPECT_FALSE(line_total(1'000'000, money::kMax, 0, errors).has_value());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "total");
}

// A line id made from a number (ids are UUIDs).
std::string item_id(int i) {
  char out[37];
  std::snprintf(out, sizeof out, "01890000-0000-7000-8000-1%011d", i);
  return out;
}

class LineItemsDb : public SalesDb {
 protected:
  Pipeline p;
  std::string deal_id;
  void SetUp() override {
    SalesDb::SetUp();
    p = pipeline("Lines", {"open", "won"});
    deal_id = deal(p, p.stages[0], "With lines", {{"amount", 5}, {"currency", "EUR"}});
  }
  ItemInput free_line(const std::string& name, double quantity, int64_t price) {
    ItemInput in;
    in.name = name;
    in.quantity = quantity;
    in.unit_price = price;
    return in;
  }
};

TEST_F(LineItemsDb, TheDealAmountIsTheSumOfItsLines) {
  auto a = add_line_item(*db, ctx, deal_id, free_line("A", 2, 100));
  ASSERT_TRUE(a.ok()) << a.problem().detail;
  EXPECT_EQ(a->at("deal_amount"), 200);
  EXPECT_EQ(a->at("item").at("position"), 1);
  auto b = add_line_item(*db, ctx, deal_id, free_line("B", 1, 50));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->at("deal_amount"), 250);
  EXPECT_EQ(b->at("deal_version"), 3);
  std::string a_id(a->at("item").at("id").as_string()), b_id(b->at("item").at("id").as_string());
  ItemInput change;
  change.quantity = 3;
  auto changed = change_line_item(*db, ctx, deal_id, a_id, change);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->at("deal_amount"), 350);
  EXPECT_EQ(changed->at("item").at("name"), "A");
  ASSERT_TRUE(remove_line_item(*db, ctx, deal_id, a_id).ok());
  auto sum = db->read([&](db::Connection& c) { return line_item_sum(c, "ws1", deal_id); });
  EXPECT_EQ(sum.count, 1);
  EXPECT_EQ(sum.total.value_or(-1), 50);
  // A new line goes after the last one, whatever was removed.
  auto c = add_line_item(*db, ctx, deal_id, free_line("C", 1, 1));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->at("item").at("position"), 3);
  auto list = list_line_items(*db, ctx, deal_id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->at("data").as_array().size(), 2u);
  EXPECT_EQ(list->at("data").as_array()[0].at("id"), json::value(b_id));
  // Every change is an audited change of the deal.
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE object_id = ? AND action LIKE 'line_item_%'", {deal_id}), 5);
  // Without lines the amount stays what it was.
  ASSERT_TRUE(remove_line_item(*db, ctx, deal_id, b_id).ok());
  ASSERT_TRUE(remove_line_item(*db, ctx, deal_id, std::string(c->at("item").at("id").as_string())).ok());
  EXPECT_EQ(count("SELECT amount FROM deals WHERE id = ?", {deal_id}), 1);
}

TEST_F(LineItemsDb, RefusalsChangeNothing) {
  auto missing = add_line_item(*db, ctx, "01890000-0000-7000-8000-00000000ffff", free_line("A", 1, 1));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.problem().status, 404);
  ItemInput product;
  product.product_id = "01890000-0000-7000-8000-00000000fff0";
  product.quantity = 1;
  auto no_product = add_line_item(*db, ctx, deal_id, product);
  ASSERT_FALSE(no_product.ok());
  EXPECT_EQ(no_product.problem().errors.at(0).field, "product_id");
  auto too_much = add_line_item(*db, ctx, deal_id, free_line("Big", 1'000'000, money::kMax));
  ASSERT_FALSE(too_much.ok());
  EXPECT_EQ(too_much.problem().errors.at(0).field, "total");
  ASSERT_TRUE(db->write([&](db::Connection& c) -> Status {
    for (int i = 0; i < kMaxLineItems; ++i)
      insert_line_item(c, "ws1", LineRow{item_id(i),
                                         deal_id, std::nullopt, "L", 1, 0, 1, 1, i + 1},
                       "2026-01-01T00:00:00.000Z");
    return ok_status();
  }).ok());
  auto capped = add_line_item(*db, ctx, deal_id, free_line("One more", 1, 1));
  ASSERT_FALSE(capped.ok());
  EXPECT_EQ(capped.problem().status, 409);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE object_id = ? AND action LIKE 'line_item_%'", {deal_id}), 0);
  EXPECT_EQ(count("SELECT version FROM deals WHERE id = ?", {deal_id}), 1);
}

}  // namespace
}  // namespace rapport::sales::testing
