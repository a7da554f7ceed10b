// The periods a KPI tile compares: the current week, month, quarter or year on the workspace time
// zone's wall clock, and the one before, as list filter bounds [from, to) of a date field
// ("YYYY-MM-DD") or a time field (UTC RFC 3339, the instants the local period starts and ends).
#pragma once
#include <cstdint>
#include <string>

#include "modules/analytics/buckets.hpp"

namespace rapport::analytics {

struct Period {
  std::string from, to;  // from included, to excluded
};

// The period containing `now_ms` (offset 0) or `offset` periods before it (offset -1: the previous).
// `dates`: bounds as dates, else as instants.
Period period_of(Bucket b, int offset, int64_t now_ms, const jobs::TimeZone& zone, bool dates);

}  // namespace rapport::analytics
