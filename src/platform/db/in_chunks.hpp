// A query over a long list of values (a batch's e-mail keys, ids, domains): `... IN (...)` once per
// chunk of kInChunk values, each an IN list of in_list.hpp's size buckets, every result row handed
// to the caller. One statement per chunk instead of one per value.
#pragma once
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/db/in_list.hpp"

namespace rapport::db {

constexpr std::size_t kInChunk = 512;

// Runs `head` + "(?, ...)" + `tail` for each chunk of `values`, binding `params` (the placeholders of
// `head`) then the chunk; `row` reads each result row.
inline void rows_in_chunks(Connection& c, const std::string& head, const std::vector<Value>& params,
                           const std::vector<Value>& values, const std::string& tail,
                           const std::function<void(const Statement&)>& row) {
  for (std::size_t at = 0; at < values.size(); at += kInChunk) {
    std::vector<Value> chunk(values.begin() + static_cast<std::ptrdiff_t>(at),
                             values.begin() + static_cast<std::ptrdiff_t>(std::min(values.size(), at + kInChunk)));
    std::string sql = head;
    std::vector<Value> bound = params;
    append_in_list(sql, bound, chunk);
    sql += tail;
    auto& st = c.prepare(sql);
    st.bind_all(bound);
    while (st.step()) row(st);
    st.reset();
  }
}

}  // namespace rapport::db
