// The query of a list route that pages with keyset::page and filters on its own columns (jobs, audit
// events, the recycle bin): limit, cursor, equality filters the route names, and optionally a time
// window. One parser, so every such list refuses the same bad input with the same words (400):
//
//   static const keyset::QuerySpec spec{
//       .filters = {{.name = "state", .values = {"queued", "dead"}}, {.name = "type", .max_size = 100}},
//       .time_window = true};
//   auto q = keyset::parse_query(order(), spec, req.query);       // 400 for anything bad
//   if (!q) return http::fail(q.problem(), req);
//   std::string sql = "SELECT ... FROM jobs WHERE workspace_id = ?";
//   q->append_where(order(), "created_at", sql, params);           // filters, window, cursor
//   return keyset::page(c, order(), sql, params, q->limit, ...);
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/records/keyset.hpp"

namespace rapport::records::keyset {

// A filter `name=value`, for append_where the column `name` compared for equality (the name comes
// from the route, never from the request, so it may be written into SQL). A route that reads the
// value itself (the recycle bin's object_type picks tables) takes it with Query::value.
struct Filter {
  std::string name;
  std::size_t max_size = 255;       // a value has 1 to max_size characters...
  std::vector<std::string> values;  // ...or, when not empty, is one of these
};

struct QuerySpec {
  std::vector<Filter> filters;
  bool time_window = false;  // takes since (inclusive) and until (exclusive), RFC 3339 date-times
};

struct Query {
  int limit = 50;
  std::optional<Position> after;                            // the cursor's position
  std::vector<std::pair<std::string, std::string>> equal;  // (filter name, value), in the request's order
  std::string since, until;  // clock::format_ms text (compares as time), empty when not given

  // The value of a filter, nullopt when the request does not give it.
  std::optional<std::string> value(std::string_view name) const;
  // Appends " AND <name> = ?" per filter given, the window on time_sql (since inclusive, until
  // exclusive) and the cursor's condition, binding their values to params.
  void append_where(const Order& order, std::string_view time_sql, std::string& sql, std::vector<db::Value>& params) const;
};

// 400 for a parameter given twice, one the spec does not name, a limit or cursor keyset refuses, a
// filter value out of its size or set, a date-time that is not RFC 3339, or since not before until.
Result<Query> parse_query(const Order& order, const QuerySpec& spec,
                          const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace rapport::records::keyset
