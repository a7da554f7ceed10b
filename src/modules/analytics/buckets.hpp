// Date buckets of a report's group-by: a time or a date as the day, ISO week, month, quarter or year
// it falls in, on the wall clock of the workspace's time zone. Pure functions, tested alone.
//
// A report groups a timestamp column in SQL by its UTC quarter-hour ("slot", slot_sql) and this file
// moves each slot into its local bucket: every time zone in use today is offset from UTC by a
// multiple of 15 minutes and changes offset on a quarter-hour, so all instants of one slot fall in the
// same local bucket. In UTC no slot is needed: the column's own prefix is the day (utc_day_sql).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/jobs/cron.hpp"

namespace rapport::analytics {

enum class Bucket { Day, Week, Month, Quarter, Year };

// "day" ... "year"; nullopt for anything else.
std::optional<Bucket> parse_bucket(std::string_view name);
const char* bucket_name(Bucket b);

// The bucket of a calendar date "YYYY-MM-DD" (its first 10 characters): "2026-03-14", "2026-W11" (ISO
// 8601 week, weeks starting on Monday, the week-numbering year), "2026-03", "2026-Q1", "2026".
// nullopt when the text is not a date.
std::optional<std::string> date_bucket(std::string_view date, Bucket b);

// SQL (both engines) that reads a stored UTC time "YYYY-MM-DDTHH:MM:SS.sssZ" as its slot
// "YYYY-MM-DDTHH" followed by the quarter of the hour (0-3); NULL stays NULL.
std::string slot_sql(std::string_view column);
// Whether `zone` is UTC: its buckets are then the stored times' own (no slots needed).
bool is_utc(const jobs::TimeZone& zone);
// The bucket, on `zone`'s wall clock, of a slot slot_sql made; nullopt when malformed.
std::optional<std::string> slot_bucket(std::string_view slot, Bucket b, const jobs::TimeZone& zone);

// Days since 1970-01-01 of a civil date and back (proleptic Gregorian; Howard Hinnant's algorithms).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d);

}  // namespace rapport::analytics
