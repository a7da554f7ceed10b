#include "platform/records/keyset.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <limits>

#include "platform/ids.hpp"

namespace rapport::records::keyset {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxCursorSize = 2048;

Problem invalid_cursor() { return Problem::bad_request("The cursor is not valid; use the next_cursor of a previous page"); }

json::value to_json(const db::Value& v) {
  if (auto* i = std::get_if<int64_t>(&v)) return *i;
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* s = std::get_if<std::string>(&v)) return json::value(*s);
  return nullptr;
}

// A cursor's JSON value as the order's type; nullopt when it is not one.
std::optional<db::Value> typed(const json::value& v, Type type) {
  switch (type) {
    case Type::Text:
      if (v.is_string()) return db::Value(std::string(v.as_string()));
      return std::nullopt;
    case Type::Integer:
      if (v.is_int64()) return db::Value(v.as_int64());
      if (v.is_uint64() && v.as_uint64() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        return db::Value(static_cast<int64_t>(v.as_uint64()));
      return std::nullopt;
    case Type::Real:
      if (v.is_double() && std::isfinite(v.as_double())) return db::Value(v.as_double());
      if (v.is_int64()) return db::Value(static_cast<double>(v.as_int64()));
      if (v.is_uint64()) return db::Value(static_cast<double>(v.as_uint64()));
      return std::nullopt;
  }
  return std::nullopt;
}

// What the database handed back, in the order's type where that is the same number (SQLite's
// json_extract answers 3 for a stored 3.0; an integral REAL read through an Integer order).
db::Value normalised(const db::Value& v, Type type) {
  if (type == Type::Integer)
    if (auto* d = std::get_if<double>(&v); d && std::trunc(*d) == *d && std::fabs(*d) < 9.2e18)
      return static_cast<int64_t>(*d);
  return v;
}

const char* direction(const Order& o) { return o.descending ? " DESC" : " ASC"; }

}  // namespace

Result<int> parse_limit(std::string_view text) {
  int n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || n < 1 || n > kMaxLimit)
    return Problem::bad_request("limit must be an integer from 1 to " + std::to_string(kMaxLimit));
  return n;
}

Result<std::optional<Position>> parse_cursor(const Order& order, std::string_view cursor) {
  if (cursor.empty()) return std::optional<Position>();
  std::string raw;
  if (cursor.size() > kMaxCursorSize || !ids::base64url_decode(cursor, raw)) return invalid_cursor();
  boost::system::error_code ec;
  json::value v = json::parse(raw, ec);
  if (ec || !v.is_object()) return invalid_cursor();
  const auto& o = v.as_object();
  const auto* s = o.if_contains("s");
  const auto* val = o.if_contains("v");
  const auto* id = o.if_contains("i");
  if (!s || !s->is_string() || !id) return invalid_cursor();
  if (s->as_string() != order.name)
    return Problem::bad_request("The cursor belongs to another list or sort order; start again without a cursor");
  Position at;
  auto id_value = typed(*id, order.id_type);
  if (!id_value) return invalid_cursor();
  if (order.id_type == Type::Text && !ids::is_uuid(std::get<std::string>(*id_value))) return invalid_cursor();
  at.id = std::move(*id_value);
  if (order.value_sql.empty()) {
    if (val) return invalid_cursor();
    return std::optional<Position>(std::move(at));
  }
  if (!val) return invalid_cursor();
  if (val->is_null()) {
    if (!order.nullable) return invalid_cursor();
  } else {
    auto value = typed(*val, order.value_type);
    if (!value) return invalid_cursor();
    at.value = std::move(*value);
  }
  return std::optional<Position>(std::move(at));
}

std::string make_cursor(const Order& order, const Position& last) {
  json::object o{{"s", order.name}};
  if (!order.value_sql.empty()) o["v"] = to_json(normalised(last.value, order.value_type));
  o["i"] = to_json(normalised(last.id, order.id_type));
  return ids::base64url_encode(json::serialize(o));
}

std::string after_sql(const Order& order, const Position& after, std::vector<db::Value>& params) {
  const char* cmp = order.descending ? "<" : ">";
  const std::string& e = order.value_sql;
  const std::string& id = order.id_sql;
  if (e.empty()) {
    params.push_back(after.id);
    return id + " " + cmp + " ?";
  }
  if (!order.nullable) {
    params.insert(params.end(), {after.value, after.id});
    return "(" + e + ", " + id + ") " + cmp + " (?, ?)";
  }
  // NULLs come first ascending and last descending; a NULL equals no value, so ties among NULLs are
  // broken by the id alone.
  const bool null_value = std::holds_alternative<std::nullptr_t>(after.value);
  if (!order.descending) {
    if (null_value) {
      params.push_back(after.id);
      return "((" + e + " IS NULL AND " + id + " > ?) OR " + e + " IS NOT NULL)";
    }
    params.insert(params.end(), {after.value, after.value, after.id});
    return "(" + e + " > ? OR (" + e + " = ? AND " + id + " > ?))";
  }
  if (null_value) {
    params.push_back(after.id);
    return "(" + e + " IS NULL AND " + id + " < ?)";
  }
  params.insert(params.end(), {after.value, after.value, after.id});
  return "(" + e + " < ? OR " + e + " IS NULL OR (" + e + " = ? AND " + id + " < ?))";
}

void append_order_limit(const Order& order, int limit, db::Dialect dialect, std::string& sql,
                        std::vector<db::Value>& params) {
  sql += " ORDER BY ";
  if (!order.value_sql.empty()) {
    sql += order.value_sql + direction(order);
    if (dialect == db::Dialect::Postgres && (order.nullable || order.pg_nulls_first_index))
      sql += order.descending ? " NULLS LAST" : " NULLS FIRST";
    sql += ", ";
  }
  sql += order.id_sql + direction(order) + " LIMIT ?";
  params.emplace_back(int64_t{limit} + 1);
}

std::optional<std::string> read_page(const Order& order, db::Statement& st, int limit, Columns columns,
                                     const std::function<void(const db::Statement&)>& row) {
  std::optional<std::string> next;
  Position last;
  int n = 0;
  while (st.step()) {
    if (n == limit) {
      next = make_cursor(order, last);
      break;
    }
    if (!order.value_sql.empty()) last.value = st.value(columns.value);
    last.id = st.value(columns.id);
    row(st);
    ++n;
  }
  st.reset();
  return next;
}

boost::json::object page(db::Connection& c, const Order& order, std::string sql, std::vector<db::Value> params, int limit,
                         Columns columns, const std::function<boost::json::value(const db::Statement&)>& item) {
  append_order_limit(order, limit, c.dialect(), sql, params);
  auto& st = c.prepare(sql);
  st.bind_all(params);
  boost::json::array data;
  auto next = read_page(order, st, limit, columns, [&](const db::Statement& row) { data.push_back(item(row)); });
  boost::json::object out{{"data", std::move(data)}};
  out["next_cursor"] = next ? boost::json::value(*next) : boost::json::value(nullptr);
  return out;
}

}  // namespace rapport::records::keyset
