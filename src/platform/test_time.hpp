// For tests only: an instant written as RFC 3339 text, in milliseconds since the epoch.
#pragma once
#include <cstdint>

#include "platform/clock.hpp"

namespace rapport::test_time {

inline int64_t at(const char* text) { return *clock::parse_datetime(text); }

}  // namespace rapport::test_time
