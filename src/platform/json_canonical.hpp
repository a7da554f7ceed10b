// One text for one JSON value, whatever spacing and key order it arrived with: object keys sorted by
// their UTF-8 bytes (which is code point order), no whitespace, strings and numbers as Boost.JSON
// writes them. Two requests whose bodies parse to the same value have the same canonical text, so an
// Idempotency-Key retry compares meaning, not bytes.
#pragma once
#include <boost/json/value.hpp>
#include <string>

namespace rapport::json_canonical {

std::string text(const boost::json::value& v);

}  // namespace rapport::json_canonical
