// Wall-clock time as Rapport stores and sends it: UTC, RFC 3339 with milliseconds ("...T12:00:00.000Z").
// Stored in SQLite as that same text, which sorts in time order.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::clock {

constexpr int64_t kDayMs = 86'400'000;  // a day of 24 hours, in milliseconds

int64_t now_ms();
std::string format_ms(int64_t epoch_ms);
inline std::string now_text() { return format_ms(now_ms()); }
// Parses RFC 3339 date-time ("2026-01-02T03:04:05Z", fractional seconds and offsets accepted) into
// epoch milliseconds; nullopt when malformed or out of range.
std::optional<int64_t> parse_datetime(std::string_view text);
// Validates a calendar date "YYYY-MM-DD".
bool is_date(std::string_view text);

}  // namespace rapport::clock
