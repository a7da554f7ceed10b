// The SQL of a deal's line items: reading them in order, the one sum of their totals, the product a
// line is made from, and the row writes. No rules here (line_item_service.hpp).
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>

#include "platform/db/connection.hpp"

namespace rapport::sales {

// A deal's lines in order (position, id), each as the API shows it.
boost::json::array line_items_of(db::Connection& c, const std::string& workspace_id, const std::string& deal_id);
// The line with this id among the deal's (nullopt when it is not one of them).
std::optional<boost::json::object> line_item_of(db::Connection& c, const std::string& workspace_id, const std::string& deal_id,
                                                const std::string& item_id);

// A deal's line items: how many, and their totals' sum (nullopt when it exceeds money::kMax, which
// no deal amount may). The one place the sum is taken, for the line-item rules and the deal's.
struct LineItemSum {
  int64_t count = 0;
  std::optional<int64_t> total;
};
LineItemSum line_item_sum(db::Connection& c, const std::string& workspace_id, const std::string& deal_id);

// How many lines a deal has and the highest position among them (0 without lines).
struct LinePositions {
  int64_t count = 0, last = 0;
};
LinePositions line_positions(db::Connection& c, const std::string& workspace_id, const std::string& deal_id);

// A live product of the workspace, as a line takes it.
struct LineProduct {
  std::string name, currency;
  int64_t unit_price = 0;
  bool active = false;
};
std::optional<LineProduct> live_product(db::Connection& c, const std::string& workspace_id, const std::string& product_id);

// On PostgreSQL, locks the deal's row until the transaction ends (SELECT ... FOR UPDATE); nothing on
// SQLite, whose single writer already serialises writes.
void lock_deal_row(db::Connection& c, const std::string& workspace_id, const std::string& deal_id);

struct LineRow {
  std::string id, deal_id;
  std::optional<std::string> product_id;
  std::string name;
  double quantity = 0, discount_percent = 0;
  int64_t unit_price = 0, total = 0, position = 0;
};
void insert_line_item(db::Connection& c, const std::string& workspace_id, const LineRow& row, const std::string& now);
// Writes name, quantity, unit_price, discount_percent and total of the line row.id.
void update_line_item(db::Connection& c, const std::string& workspace_id, const LineRow& row, const std::string& now);
void delete_line_item(db::Connection& c, const std::string& workspace_id, const std::string& item_id);

}  // namespace rapport::sales
