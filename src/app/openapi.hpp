// The OpenAPI 3.1 document, built from the router's routes and the record specs, so that it lists
// exactly the routes that exist.
#pragma once
#include <boost/json.hpp>
#include <vector>

#include "platform/http/router.hpp"
#include "platform/records/spec.hpp"

namespace rapport::app {

boost::json::object build_openapi(const http::Router& router, const std::vector<const records::ObjectSpec*>& specs);

}  // namespace rapport::app
