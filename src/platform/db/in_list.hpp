// `IN (?, ?, ...)` lists whose SQL text depends only on a size bucket, not on the exact count of
// values: a list of 1-100 values would otherwise make 100 distinct statements, each prepared on
// every connection. The list is padded to the next power of two by repeating its last value, which
// changes nothing for IN.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"

namespace rapport::db {

// Appends "(?, ?, ...)" to sql and the values (padded) to params. values must not be empty.
inline void append_in_list(std::string& sql, std::vector<Value>& params, const std::vector<Value>& values) {
  if (values.empty()) throw std::logic_error("append_in_list: an IN list needs at least one value");
  std::size_t bucket = 1;
  while (bucket < values.size()) bucket *= 2;
  sql += "(";
  for (std::size_t i = 0; i < bucket; ++i) {
    sql += i ? ", ?" : "?";
    params.push_back(values[i < values.size() ? i : values.size() - 1]);
  }
  sql += ")";
}

}  // namespace rapport::db
