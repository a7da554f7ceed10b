#include "app/demo/pg_statements.hpp"

#include <charconv>
#include <variant>

namespace rapport::app::demo {

std::string multi_row(std::string_view insert, std::size_t cols, std::size_t rows, std::string_view tail) {
  const std::size_t at = insert.find("VALUES ") + 7;
  const std::string_view tuple = insert.substr(at);
  std::string out(insert.substr(0, at));
  out.reserve(at + rows * (tuple.size() + 2 * cols + 2) + tail.size());
  for (std::size_t r = 0; r < rows; ++r) {
    if (r) out += ", ";
    for (std::size_t i = 0; i < tuple.size(); ++i) {
      if (tuple[i] != '?') {
        out.push_back(tuple[i]);
        continue;
      }
      std::size_t n = 0, j = i + 1;
      while (j < tuple.size() && tuple[j] >= '0' && tuple[j] <= '9') n = n * 10 + static_cast<std::size_t>(tuple[j++] - '0');
      out.push_back('$');
      out += std::to_string(n + r * cols);
      i = j - 1;
    }
  }
  out += tail;
  return out;
}

void Params::set(std::size_t i, const db::Value& v) {
  char* buf = numbers_[i].data();
  char* const last = buf + numbers_[i].size() - 1;  // room for the terminating NUL
  if (auto* s = std::get_if<std::string>(&v)) {
    values_[i] = s->c_str();
  } else if (auto* n = std::get_if<int64_t>(&v)) {
    *std::to_chars(buf, last, *n).ptr = '\0';
    values_[i] = buf;
  } else if (auto* d = std::get_if<double>(&v)) {
    *std::to_chars(buf, last, *d).ptr = '\0';
    values_[i] = buf;
  } else {
    values_[i] = nullptr;
  }
}

void Params::rows(Chunk& ch, std::size_t first, std::size_t n, std::size_t cols) {
  resize(n * cols);
  for (std::size_t r = 0; r < n; ++r) {
    const db::Value* row = ch.row(first + r);
    for (std::size_t i = 0; i < cols; ++i) set(r * cols + i, row[i]);
  }
}

}  // namespace rapport::app::demo
