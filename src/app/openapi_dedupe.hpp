// Probable duplicates and their scan (app/openapi_dedupe.cpp).
#pragma once
#include <boost/json.hpp>

namespace rapport::app {

void add_dedupe_schemas(boost::json::object& schemas);

}  // namespace rapport::app
