// The query of the support KPIs (GET /api/v1/reports/support), read and checked without the
// database: the range [from, to) and the filters. Pure, unit-tested (kpi_query_test.cpp).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "platform/problem.hpp"

namespace rapport::support::kpi {

inline constexpr int64_t kDayMs = 86'400'000;
inline constexpr int64_t kMaxDays = 366;
inline constexpr int64_t kDefaultDays = 30;

struct Query {
  int64_t from = 0, to = 0;  // epoch ms, to exclusive
  std::string team_id, assignee_id, channel, priority;  // "" = any
};

// Reads from/to (a date YYYY-MM-DD, midnight UTC, or an RFC 3339 date-time; default: the 30 days
// ending with today, UTC: to = tomorrow's midnight; only one given: 30 days from or to it) and the
// filters. 400 naming the parameter for a malformed value, from not before to, or a range over
// kMaxDays days (unknown parameters are refused before, by http::Api: the route documents its
// parameters). `now_ms` gives the defaults.
Result<Query> read_query(const std::vector<std::pair<std::string, std::string>>& params, int64_t now_ms);

// The UTC days the range touches, as day numbers (days since 1970-01-01), first and last included.
std::pair<int64_t, int64_t> day_span(const Query& q);
// "YYYY-MM-DD" of a day number.
std::string day_text(int64_t day);

}  // namespace rapport::support::kpi
