// A deal's line items: products (or free lines) with quantity, unit price and discount. While a deal
// has line items its amount is their sum, kept in the same transaction as every change to them, and
// the change shows in the deal's history and events like any other change of the deal. Each use case
// runs in one transaction; the caller (line_item_routes.cpp) has read and checked the input's shape.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "access/context.hpp"
#include "platform/db/database.hpp"
#include "platform/problem.hpp"

namespace rapport::sales {

constexpr int64_t kMaxLineItems = 200;

// A line as a request gives it: on an add, what is absent comes from the product (name, unit_price)
// or defaults (discount 0); on a change, what is absent stays.
struct ItemInput {
  std::optional<std::string> product_id, name;
  std::optional<double> quantity, discount;
  std::optional<int64_t> unit_price;
};

// Quantities are kept to 6 decimal places and discounts to 4, rounded half away from zero: what is
// stored is what the total was computed from. `scale` is money::kQuantityScale or kDiscountScale.
double kept(double v, int64_t scale);
// The exact total of a line (platform/money: quantity to 6 decimals, discount to 4, rounded half up
// once); a FieldError naming `total` when it would exceed the largest amount.
std::optional<int64_t> line_total(double quantity, int64_t unit_price, double discount, std::vector<FieldError>& errors);

// {"data": [lines in order], "next_cursor": null}; 404 when the caller cannot read the deal, 403 when
// their role hides deal amounts (which line items make).
Result<boost::json::object> list_line_items(db::Database& db, const access::Context& ctx, const std::string& deal_id);
// Each answers {"item", "deal_amount", "deal_version"}: 404 when the caller cannot read the deal (or
// the line is not one of its), 403 when they cannot change it or its amount, 409 beyond 200 lines,
// 422 for a product that is not live and active or priced in another currency, a total or a sum
// beyond the largest amount, or no currency at all.
Result<boost::json::object> add_line_item(db::Database& db, const access::Context& ctx, const std::string& deal_id,
                                          const ItemInput& in);
Result<boost::json::object> change_line_item(db::Database& db, const access::Context& ctx, const std::string& deal_id,
                                             const std::string& item_id, const ItemInput& in);
Status remove_line_item(db::Database& db, const access::Context& ctx, const std::string& deal_id, const std::string& item_id);

}  // namespace rapport::sales
