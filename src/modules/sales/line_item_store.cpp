#include "modules/sales/line_item_store.hpp"

#include "platform/money.hpp"

namespace rapport::sales {
namespace json = boost::json;

namespace {

constexpr const char* kItemColumns =
    "id, deal_id, product_id, name, quantity, unit_price, discount_percent, total, position, created_at, updated_at";

json::object item_json(const db::Statement& st) {
  return json::object{{"id", st.text(0)},
                      {"deal_id", st.text(1)},
                      {"product_id", st.is_null(2) ? json::value(nullptr) : json::value(st.text(2))},
                      {"name", st.text(3)},
                      {"quantity", st.real(4)},
                      {"unit_price", st.int64(5)},
                      {"discount_percent", st.real(6)},
                      {"total", st.int64(7)},
                      {"position", st.int64(8)},
                      {"created_at", st.text(9)},
                      {"updated_at", st.text(10)}};
}

}  // namespace

json::array line_items_of(db::Connection& c, const std::string& workspace_id, const std::string& deal_id) {
  json::array out;
  auto& st = c.prepare(std::string("SELECT ") + kItemColumns + " FROM line_items WHERE workspace_id = ? AND deal_id = ? ORDER BY position, id");
  st.bind_all({workspace_id, deal_id});
  while (st.step()) out.push_back(item_json(st));
  return out;
}

std::optional<json::object> line_item_of(db::Connection& c, const std::string& workspace_id, const std::string& deal_id,
                                         const std::string& item_id) {
  auto& st = c.prepare(std::string("SELECT ") + kItemColumns + " FROM line_items WHERE workspace_id = ? AND deal_id = ? AND id = ?");
  st.bind_all({workspace_id, deal_id, item_id});
  std::optional<json::object> out;
  if (st.step()) out = item_json(st);
  st.reset();
  return out;
}

LineItemSum line_item_sum(db::Connection& c, const std::string& workspace_id, const std::string& deal_id) {
  // Each total is within money::kMax and a deal has at most 200 lines, so this sum fits int64; it is
  // taken split anyway, as every money sum in SQL is (a cap raced past, or rows from before the rule).
  auto& st = c.prepare("SELECT count(*), " + money::sum_sql("total") + " FROM line_items WHERE workspace_id = ? AND deal_id = ?");
  st.bind_all({workspace_id, deal_id});
  st.step();
  LineItemSum out;
  out.count = st.int64(0);
  money::Total sum;
  sum.add_parts(st.int64(1), st.int64(2));
  st.reset();
  if (auto v = sum.value(); v && money::in_range(*v)) out.total = *v;
  return out;
}

LinePositions line_positions(db::Connection& c, const std::string& workspace_id, const std::string& deal_id) {
  auto& st = c.prepare("SELECT count(*), coalesce(max(position), 0) FROM line_items WHERE workspace_id = ? AND deal_id = ?");
  st.bind_all({workspace_id, deal_id});
  st.step();
  LinePositions out{st.int64(0), st.int64(1)};
  st.reset();
  return out;
}

std::optional<LineProduct> live_product(db::Connection& c, const std::string& workspace_id, const std::string& product_id) {
  auto& st = c.prepare("SELECT name, unit_price, currency, active FROM products WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL");
  st.bind_all({workspace_id, product_id});
  std::optional<LineProduct> out;
  if (st.step()) out = LineProduct{st.text(0), st.text(2), st.int64(1), st.int64(3) != 0};
  st.reset();
  return out;
}

void lock_deal_row(db::Connection& c, const std::string& workspace_id, const std::string& deal_id) {
  if (c.dialect() != db::Dialect::Postgres) return;
  auto& st = c.prepare("SELECT id FROM deals WHERE workspace_id = ? AND id = ? FOR UPDATE");
  st.bind_all({workspace_id, deal_id});
  while (st.step()) {
  }
  st.reset();
}

void insert_line_item(db::Connection& c, const std::string& workspace_id, const LineRow& row, const std::string& now) {
  c.prepare("INSERT INTO line_items(id, workspace_id, deal_id, product_id, name, quantity, unit_price, discount_percent, total, "
            "position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({row.id, workspace_id, row.deal_id, row.product_id ? db::Value(*row.product_id) : db::Value(nullptr), row.name,
                 row.quantity, row.unit_price, row.discount_percent, row.total, row.position, now, now})
      .run();
}

void update_line_item(db::Connection& c, const std::string& workspace_id, const LineRow& row, const std::string& now) {
  c.prepare("UPDATE line_items SET name = ?, quantity = ?, unit_price = ?, discount_percent = ?, total = ?, updated_at = ? "
            "WHERE workspace_id = ? AND id = ?")
      .bind_all({row.name, row.quantity, row.unit_price, row.discount_percent, row.total, now, workspace_id, row.id})
      .run();
}

void delete_line_item(db::Connection& c, const std::string& workspace_id, const std::string& item_id) {
  c.prepare("DELETE FROM line_items WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, item_id}).run();
}

}  // namespace rapport::sales
