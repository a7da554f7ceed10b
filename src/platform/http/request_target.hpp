// The request target (RFC 9112 origin-form, "/path?query") split into the decoded path and the
// decoded query pairs a handler reads. A pure function of its text (fuzzed: tests/fuzz/http_fuzz.cpp).
#pragma once
#include <string_view>

#include "platform/http/message.hpp"

namespace rapport::http {

// Fills req.path and req.query; false (and req unchanged) when the target is not a valid
// origin-form. Square brackets in the query are taken as typed (clients send filter[field][op]
// unencoded, which RFC 3986 does not allow in a query).
bool parse_target(std::string_view target, Request& req);

}  // namespace rapport::http
