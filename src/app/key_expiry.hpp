// `rapport apikey create --expires`: a duration from now ("90d", "12h", "2w") or a moment (a date
// "2027-01-31", meaning 00:00 UTC that day, or an RFC 3339 date-time), in the future and at most ten
// years ahead. Gives the stored text (clock::format_ms) or why the value cannot be used.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "platform/problem.hpp"

namespace rapport::app {

Result<std::string> parse_key_expiry(std::string_view text, int64_t now_ms);

}  // namespace rapport::app
