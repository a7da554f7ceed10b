// The query of the support KPIs (GET /api/v1/reports/support), read and checked without the
// database: the range [from, to) and the filters. Pure, unit-tested (kpi_query_test.cpp).
//
// Days are the workspace's: a date in `from`/`to` is its local midnight in the workspace's time zone
// (given by the caller), the default range ends with the local today, and the report's days
// (`volume.by_day`) are local days. A daylight-saving day is 23 or 25 hours long.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/jobs/cron.hpp"
#include "platform/problem.hpp"

namespace rapport::support::kpi {

inline constexpr int64_t kDayMs = 86'400'000;
inline constexpr int64_t kMaxDays = 366;
inline constexpr int64_t kDefaultDays = 30;

struct Query {
  int64_t from = 0, to = 0;  // epoch ms, to exclusive
  std::string team_id, assignee_id, channel, priority;  // "" = any
  std::optional<jobs::TimeZone> zone;                   // the workspace's (nullopt: UTC)
};

// Reads from/to (a date YYYY-MM-DD, its midnight in `zone`, or an RFC 3339 date-time; default: the
// 30 days ending with today in `zone`: to = tomorrow's local midnight; only one given: 30 days from
// or to it) and the filters. 400 naming the parameter for a malformed value, from not before to, or a
// range over kMaxDays days of wall-clock time in `zone` (unknown parameters are refused before, by
// http::Api: the route documents its parameters). `now_ms` gives the defaults.
Result<Query> read_query(const std::vector<std::pair<std::string, std::string>>& params, int64_t now_ms,
                         std::optional<jobs::TimeZone> zone = std::nullopt);

// The wall-clock time of the instant `ms` in the query's zone, written as UTC milliseconds.
int64_t wall_ms(const Query& q, int64_t ms);
// The local day (days since 1970-01-01 on the zone's wall clock) of the instant `ms`.
int64_t local_day(const Query& q, int64_t ms);
// The local days the range touches, first and last included.
std::pair<int64_t, int64_t> day_span(const Query& q);
// "YYYY-MM-DD" of a day number.
std::string day_text(int64_t day);

}  // namespace rapport::support::kpi
