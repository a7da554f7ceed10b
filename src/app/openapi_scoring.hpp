// Lead and deal scoring: its state, its models' evaluations, a training (app/openapi_scoring.cpp).
#pragma once
#include <boost/json.hpp>

namespace rapport::app {

void add_scoring_schemas(boost::json::object& schemas);

}  // namespace rapport::app
