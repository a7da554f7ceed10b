// Keyset paging, the one way the API pages rows (record lists, timelines, the recycle bin, history,
// audit events, board columns). A page is "the first `limit` rows after the cursor" in an order
// that is total: the sort value, then the row's id as tiebreak. Rows inserted or deleted between
// pages never make a page skip or repeat a row.
//
// How a caller pages (its own WHERE clause holds the workspace, scope and filters; the cursor does
// not carry them):
//
//   const keyset::Order order{.name = "-occurred_at", .value_sql = "a.occurred_at", .id_sql = "a.id",
//                             .descending = true};
//   auto after = keyset::parse_cursor(order, cursor_param);   // 400 for a bad cursor
//   if (!after) return after.take_problem();
//   std::string sql = "SELECT a.id, a.occurred_at, ... WHERE a.workspace_id = ? ...";
//   if (*after) sql += " AND " + keyset::after_sql(order, **after, params);
//   keyset::append_order_limit(order, limit, c.dialect(), sql, params);   // ORDER BY ... LIMIT limit+1
//   auto& st = c.prepare(sql);
//   st.bind_all(params);
//   auto next = keyset::read_page(order, st, limit, {.value = 1, .id = 0},
//                                 [&](const db::Statement& row) { data.push_back(...); });
//   // next: the next page's cursor, or nullopt on the last page.
//
// A board column pages with its own order per column: name the order after the column
// (`.name = "board_rank:" + stage_id`, `.value_sql = "board_rank"`, `.value_type = Real`) so that
// a cursor of one column is refused by another.
//
// Cursors are opaque to clients: base64url of {"s": order name, "v": last sort value, "i": last id}
// ("v" left out when the id alone orders). A cursor is accepted only by an order of the same name
// and only when its values have the order's types: a tampered cursor is a 400, never a database
// error, on every engine (PostgreSQL infers an untyped parameter's type from its column and fails
// on a text value compared with a number).
#pragma once
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/problem.hpp"

namespace rapport::records::keyset {

constexpr int kMaxLimit = 500;

// What a sort value or id is; a cursor's values must be of this type.
enum class Type {
  Text,     // text (timestamps included); as an id type: a UUID
  Integer,  // int64 (booleans too)
  Real,     // double; a cursor's integer is taken as the same number
};

struct Order {
  std::string name;       // identifies the order inside cursors, e.g. "-created_at" or "history"
  std::string value_sql;  // the sort value's SQL expression; empty when the id alone orders
  Type value_type = Type::Text;
  bool nullable = false;  // the value may be NULL: NULLs come first ascending, last descending
  std::string id_sql = "id";  // the tiebreak: unique among the rows paged
  Type id_type = Type::Text;
  bool descending = false;
  // PostgreSQL: the index that serves this order is built `value NULLS FIRST` (the record lists',
  // migration 0002), so ORDER BY says NULLS FIRST ascending / NULLS LAST descending and the index can
  // be read in order. A nullable value always gets these clauses (SQLite's NULL order, which the
  // conditions of after_sql assume).
  bool pg_nulls_first_index = false;
};

// Where a page ends: the last row's sort value (nullptr when the order has none) and id.
struct Position {
  db::Value value = nullptr;
  db::Value id = nullptr;
};

// The `limit` parameter: 400 unless an integer from 1 to kMaxLimit.
Result<int> parse_limit(std::string_view text);

// The position a cursor names; nullopt for an empty cursor (the first page). 400 for a cursor that
// is malformed, made for another order, or holds values not of the order's types.
Result<std::optional<Position>> parse_cursor(const Order& order, std::string_view cursor);

// The cursor of the page after `last`.
std::string make_cursor(const Order& order, const Position& last);

// The condition selecting the rows after `after` in `order` (to AND into the WHERE clause); appends
// its parameters to `params`. For a UNION, put it into every branch (each then reads its index from
// the position on).
std::string after_sql(const Order& order, const Position& after, std::vector<db::Value>& params);

// Appends " ORDER BY <value>, <id> LIMIT ?" and binds limit + 1: the extra row tells read_page
// whether there is a next page. The limit is a parameter, so every limit shares one SQL text.
void append_order_limit(const Order& order, int limit, db::Dialect dialect, std::string& sql,
                        std::vector<db::Value>& params);

// Where the statement selects what a cursor records of a row: the sort value as the order compares
// it (for a case-insensitive sort, e.g., the lower-cased text) and the id.
struct Columns {
  int value = -1;  // unused when the order has no value
  int id = 0;
};

// Steps a statement made with append_order_limit: calls `row` for each of its first `limit` rows,
// then resets it. Returns the cursor of the next page when the statement had one more row.
std::optional<std::string> read_page(const Order& order, db::Statement& st, int limit, Columns columns,
                                     const std::function<void(const db::Statement&)>& row);

// The whole of the above for a list route's answer: appends the order and limit to sql, runs it on c
// and answers {"data": [item(row), ...], "next_cursor": the next page's cursor or null}.
boost::json::object page(db::Connection& c, const Order& order, std::string sql, std::vector<db::Value> params, int limit,
                         Columns columns, const std::function<boost::json::value(const db::Statement&)>& item);

}  // namespace rapport::records::keyset
