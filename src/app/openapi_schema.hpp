// Small builders for the JSON Schemas of the OpenAPI document, shared by its parts.
#pragma once
#include <boost/json.hpp>
#include <string>

namespace rapport::app {

inline boost::json::object ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

inline boost::json::object obj(boost::json::object props, boost::json::array required = {}) {
  boost::json::object o{{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) o["required"] = std::move(required);
  return o;
}

inline boost::json::object str() { return {{"type", "string"}}; }
inline boost::json::object nstr() { return {{"type", boost::json::array{"string", "null"}}}; }
inline boost::json::object boolean() { return {{"type", "boolean"}}; }
inline boost::json::object array_of(boost::json::object items) { return {{"type", "array"}, {"items", std::move(items)}}; }

// {"data": [item], "next_cursor": ..., "total": ...}
inline boost::json::object page_of(const std::string& item) {
  return {{"type", "object"},
          {"required", boost::json::array{"data", "next_cursor"}},
          {"properties", boost::json::object{{"data", boost::json::object{{"type", "array"}, {"items", ref(item)}}},
                                             {"next_cursor", boost::json::object{{"type", boost::json::array{"string", "null"}}}},
                                             {"total", boost::json::object{{"type", "integer"}, {"description", "Only with count=true"}}}}}};
}

// Users, teams, roles and API keys (app/openapi_access.cpp).
void add_access_schemas(boost::json::object& schemas);
// Pipelines, the board, moves, lead conversion (app/openapi_sales.cpp).
void add_sales_schemas(boost::json::object& schemas);

}  // namespace rapport::app
