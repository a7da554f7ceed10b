#include "app/key_expiry.hpp"

#include <charconv>

#include "platform/clock.hpp"

namespace rapport::app {

namespace {
constexpr int64_t kHourMs = 3600 * 1000;
constexpr int64_t kLongestMs = int64_t{3653} * 24 * kHourMs;  // ten years

Problem bad(std::string message) { return Problem::invalid({{"expires", "format", std::move(message)}}); }
}  // namespace

Result<std::string> parse_key_expiry(std::string_view text, int64_t now_ms) {
  std::optional<int64_t> at;
  if (!text.empty() && (text.back() == 'h' || text.back() == 'd' || text.back() == 'w')) {
    int64_t n = 0;
    const char* end = text.data() + text.size() - 1;
    auto [stop, ec] = std::from_chars(text.data(), end, n);
    if (ec != std::errc() || stop != end || n <= 0 || n > 100'000)
      return bad("--expires \"" + std::string(text) + "\": a duration is a positive number of hours, days or weeks (12h, 90d, 2w)");
    int64_t unit = text.back() == 'h' ? kHourMs : text.back() == 'd' ? 24 * kHourMs : 7 * 24 * kHourMs;
    at = now_ms + n * unit;
  } else if (clock::is_date(text)) {
    at = clock::parse_datetime(std::string(text) + "T00:00:00Z");
  } else {
    at = clock::parse_datetime(text);
  }
  if (!at)
    return bad("--expires \"" + std::string(text) +
               "\" is neither a duration (90d, 12h, 2w) nor a date (2027-01-31) or date-time (2027-01-31T12:00:00Z)");
  if (*at <= now_ms) return bad("--expires " + std::string(text) + " is not in the future");
  if (*at - now_ms > kLongestMs) return bad("--expires " + std::string(text) + " is more than ten years ahead");
  return clock::format_ms(*at);
}

}  // namespace rapport::app
