// Line items: a deal with line items has their sum as its amount, in the same transaction as every
// change to them; refusals change nothing.
#include "sales_helpers.hpp"

namespace rapport::testing {
namespace {

int64_t amount_of(const json::value& deal) { return deal.at("amount").is_null() ? -1 : deal.at("amount").as_int64(); }

TEST_F(Sales, LineItemsMakeTheDealsAmount) {
  auto p = make_pipeline(unique_name("Items "));
  std::string seat = create("products", json::object{{"sku", unique_name("SEAT-")}, {"name", "Seat"}, {"unit_price", 4900}, {"currency", "EUR"}});
  std::string dollars = create("products", json::object{{"sku", unique_name("USD-")}, {"name", "Dollar thing"}, {"unit_price", 100}, {"currency", "USD"}});
  std::string retired = create("products", json::object{{"sku", unique_name("OLD-")}, {"name", "Old"}, {"unit_price", 1}, {"currency", "EUR"}, {"active", false}});
  std::string deal = make_deal(p, "With items");
  const std::string items = "/api/v1/deals/" + deal + "/line-items";

  auto add = post(items, json::object{{"product_id", seat}, {"quantity", 3}});
  ASSERT_EQ(add.status, 201) << add.body;
  EXPECT_EQ(add.json().at("item").at("total").as_int64(), 14700);
  EXPECT_EQ(add.json().at("deal_amount").as_int64(), 14700);
  auto d = get("/api/v1/deals/" + deal).json();
  EXPECT_EQ(amount_of(d), 14700);
  EXPECT_EQ(text(d, "currency"), "EUR") << "a deal without a currency takes its first product's";
  auto free_line = post(items, json::object{{"name", "Setup"}, {"unit_price", 1000}, {"quantity", 2.5}, {"discount_percent", 10}});
  ASSERT_EQ(free_line.status, 201) << free_line.body;
  EXPECT_EQ(free_line.json().at("item").at("total").as_int64(), 2250);
  EXPECT_EQ(amount_of(get("/api/v1/deals/" + deal).json()), 16950);
  std::string setup = text(free_line.json().at("item"), "id");

  // Refusals: 422 and nothing changed.
  int64_t version = get("/api/v1/deals/" + deal).json().at("version").as_int64();
  EXPECT_EQ(error_fields(patch("/api/v1/deals/" + deal, json::object{{"amount", 5}})), std::vector<std::string>{"amount"});
  EXPECT_EQ(error_fields(patch("/api/v1/deals/" + deal, json::object{{"currency", "USD"}})), std::vector<std::string>{"currency"});
  EXPECT_EQ(error_fields(post(items, json::object{{"product_id", seat}, {"quantity", -1}})), std::vector<std::string>{"quantity"});
  EXPECT_EQ(error_fields(post(items, json::object{{"product_id", seat}, {"quantity", 1}, {"discount_percent", 101}})),
            std::vector<std::string>{"discount_percent"});
  EXPECT_EQ(error_fields(post(items, json::object{{"product_id", dollars}, {"quantity", 1}})), std::vector<std::string>{"product_id"});
  EXPECT_EQ(error_fields(post(items, json::object{{"product_id", retired}, {"quantity", 1}})), std::vector<std::string>{"product_id"});
  EXPECT_EQ(error_fields(post(items, json::object{{"product_id", deal}, {"quantity", 1}})), std::vector<std::string>{"product_id"});
  EXPECT_EQ(post(items, json::object{{"quantity", 1}}).status, 422);
  auto after = get("/api/v1/deals/" + deal).json();
  EXPECT_EQ(after.at("version").as_int64(), version);
  EXPECT_EQ(amount_of(after), 16950);
  EXPECT_EQ(data_of(get(items)).size(), 2u);

  // Changing and removing lines keeps the sum; the changes are in the deal's history.
  auto changed = patch(items + "/" + setup, json::object{{"quantity", 1}, {"discount_percent", 0}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json().at("deal_amount").as_int64(), 15700);
  EXPECT_EQ(del(items + "/" + setup).status, 204);
  EXPECT_EQ(amount_of(get("/api/v1/deals/" + deal).json()), 14700);
  EXPECT_EQ(del(items + "/" + setup).status, 404);
  std::vector<std::string> actions;
  for (const auto& e : data_of(get("/api/v1/deals/" + deal + "/history"))) actions.push_back(text(e, "action"));
  EXPECT_EQ(actions, (std::vector<std::string>{"line_item_removed", "line_item_changed", "line_item_added", "line_item_added", "create"}));
}

}  // namespace
}  // namespace rapport::testing
