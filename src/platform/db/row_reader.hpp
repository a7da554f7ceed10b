// Reads a result row's columns in the order the SELECT names them, so a store's `read_x(st)` is a
// list of fields in column order instead of a column number per line (which drifted from the
// column list when one was added in the middle). Nullable columns read as optionals; JSON columns
// the server itself wrote read as values (a column that does not parse reads as the fallback).
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/db/connection.hpp"

namespace rapport::db {

class RowReader {
 public:
  explicit RowReader(const Statement& st, int first = 0) : st_(st), col_(first) {}

  std::string text() { return st_.text(col_++); }
  int64_t int64() { return st_.int64(col_++); }
  bool boolean() { return st_.int64(col_++) != 0; }
  std::optional<std::string> opt_text() {
    int c = col_++;
    return st_.is_null(c) ? std::nullopt : std::optional<std::string>(st_.text(c));
  }
  std::optional<int64_t> opt_int64() {
    int c = col_++;
    return st_.is_null(c) ? std::nullopt : std::optional<int64_t>(st_.int64(c));
  }
  // A JSON object column (an empty object when NULL or not an object).
  boost::json::object object() {
    boost::json::value v = json();
    return v.is_object() ? std::move(v.as_object()) : boost::json::object{};
  }
  // A JSON array column (an empty array when NULL or not an array).
  boost::json::array array() {
    boost::json::value v = json();
    return v.is_array() ? std::move(v.as_array()) : boost::json::array{};
  }
  // A JSON array of strings (other elements skipped).
  std::vector<std::string> strings() {
    std::vector<std::string> out;
    for (const auto& s : array())
      if (s.is_string()) out.emplace_back(s.as_string());
    return out;
  }
  // Skips a column.
  void skip() { ++col_; }

 private:
  boost::json::value json() {
    int c = col_++;
    if (st_.is_null(c)) return nullptr;
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(st_.text_view(c), ec);
    return ec ? boost::json::value(nullptr) : v;
  }

  const Statement& st_;
  int col_;
};

// The first row of `sql` (bound to params) as `read` makes it from the statement, or nullopt.
template <class Read>
auto first_row(Connection& c, const std::string& sql, const std::vector<Value>& params, Read read)
    -> std::optional<decltype(read(std::declval<const Statement&>()))> {
  auto& st = c.prepare(sql);
  st.bind_all(params);
  std::optional<decltype(read(std::declval<const Statement&>()))> out;
  if (st.step()) out = read(st);
  st.reset();
  return out;
}

// Every row of `sql` (bound to params), each as `read` makes it.
template <class Read>
auto all_rows(Connection& c, const std::string& sql, const std::vector<Value>& params, Read read)
    -> std::vector<decltype(read(std::declval<const Statement&>()))> {
  auto& st = c.prepare(sql);
  st.bind_all(params);
  std::vector<decltype(read(std::declval<const Statement&>()))> out;
  while (st.step()) out.push_back(read(st));
  st.reset();
  return out;
}

// Binds an optional as its value or NULL.
inline Value nullable(const std::optional<std::string>& s) { return s ? Value(*s) : Value(nullptr); }

}  // namespace rapport::db
