// PostgreSQL statements for generated rows (pg_sink.cpp): the INSERTs of columns.hpp for many rows
// at once, and their parameters as libpq takes them.
#pragma once
#include <array>
#include <bit>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/demo/columns.hpp"

namespace rapport::app::demo {

// Rows per INSERT statement (1M contacts with their companies and activities on two lanes took ~80 s
// with one row per statement, ~60-70 s with 256; the server's index maintenance is most of what is
// left). A remainder goes in power-of-two statements, so each table needs only a few distinct ones.
inline constexpr std::size_t kGroupRows = 256;

// How many of `remaining` rows the next statement takes.
inline std::size_t group_size(std::size_t remaining) {
  return remaining >= kGroupRows ? kGroupRows : std::bit_floor(remaining);
}

// One of the INSERTs of columns.hpp ("... VALUES (?1, ?2, '{}', ?1, ...)") in PostgreSQL's dialect
// for `rows` rows: the tuple repeated, ?N of row r becoming $(N + r * cols); `tail` is appended.
std::string multi_row(std::string_view insert, std::size_t cols, std::size_t rows, std::string_view tail);

// A table's multi-row statements, made on first use for each row count.
struct MultiRowInsert {
  std::string table;
  const char* insert;
  std::size_t cols;
  std::string_view tail;
  std::unordered_map<std::size_t, std::string> by_rows;
  const std::string& statement(std::size_t rows) {
    std::string& s = by_rows[rows];
    if (s.empty()) s = multi_row(insert, cols, rows, tail);
    return s;
  }
};

// Statement parameters as libpq takes them: text pointers, into the chunk's own strings (valid until
// the chunk changes), numbers written out here.
class Params {
 public:
  void resize(std::size_t n) {
    values_.resize(n);
    numbers_.resize(n);
  }
  void set(std::size_t i, const db::Value& v);
  void set(std::size_t i, const char* text) { values_[i] = text; }
  // Rows first .. first + n - 1 of the chunk, their first `cols` values each.
  void rows(Chunk& ch, std::size_t first, std::size_t n, std::size_t cols);
  const char* const* data() const { return values_.data(); }
  int count() const { return static_cast<int>(values_.size()); }

 private:
  std::vector<const char*> values_;
  std::vector<std::array<char, 32>> numbers_;
};

}  // namespace rapport::app::demo
