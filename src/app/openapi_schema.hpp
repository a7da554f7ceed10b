// Small builders for the JSON Schemas of the OpenAPI document, shared by its parts.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "platform/http/router.hpp"
#include "platform/records/spec.hpp"

namespace rapport::app {

inline boost::json::object ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

inline boost::json::object obj(boost::json::object props, boost::json::array required = {}) {
  boost::json::object o{{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) o["required"] = std::move(required);
  return o;
}

inline boost::json::object str() { return {{"type", "string"}}; }
// A JSON array of the strings (an enum's values).
inline boost::json::array text_values(const std::vector<std::string>& values) {
  boost::json::array out;
  for (const auto& v : values) out.push_back(boost::json::value(v));
  return out;
}
inline boost::json::object nstr() { return {{"type", boost::json::array{"string", "null"}}}; }
inline boost::json::object boolean() { return {{"type", "boolean"}}; }
inline boost::json::object array_of(boost::json::object items) { return {{"type", "array"}, {"items", std::move(items)}}; }
// The schema with a description (e.g. when an optional part of an answer is present).
inline boost::json::object described(boost::json::object schema, std::string description) {
  schema["description"] = std::move(description);
  return schema;
}

// The object schema without other properties than its own.
inline boost::json::object closed(boost::json::object schema) {
  schema["additionalProperties"] = false;
  return schema;
}

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
// Report definitions and answers (app/openapi_analytics.cpp).
void add_analytics_schemas(boost::json::object& schemas);
// The saved views of the list pages (app/openapi_views.cpp).
void add_view_schemas(boost::json::object& schemas);
// Segments and static lists (app/openapi_marketing.cpp).
void add_marketing_schemas(boost::json::object& schemas);
// Email campaigns (app/openapi_campaigns.cpp).
void add_campaign_schemas(boost::json::object& schemas);
// Email settings, templates and emails (app/openapi_email.cpp).
void add_email_schemas(boost::json::object& schemas);
// Webhooks: the routes' schemas, and the document's `webhooks`, one per event type (app/openapi_webhooks.cpp).
void add_webhook_schemas(boost::json::object& schemas);
boost::json::object webhook_events(const std::vector<const records::ObjectSpec*>& specs);
// Automation rules and their runs (app/openapi_automation.cpp).
void add_automation_schemas(boost::json::object& schemas);
// Imports and saved import mappings (app/openapi_imports.cpp).
void add_import_schemas(boost::json::object& schemas);
// Calendar feeds (app/openapi_calendar.cpp).
void add_calendar_feed_schemas(boost::json::object& schemas);
// The messages of a ticket (openapi_support.cpp).
void add_support_schemas(boost::json::object& schemas);
// The support KPIs' report (openapi_support_kpi.cpp).
void add_support_report_schema(boost::json::object& schemas);

// app/openapi_contract.cpp: components/headers, components/securitySchemes, the Problem schema's
// `type` (every problem type with its meaning); and what an operation shares with every other (its
// answers' headers, 429, 503, the 403 of the session cookie, its security), added to op and its
// responses once the route's own are in.
boost::json::object contract_headers();
boost::json::object security_schemes();
boost::json::object problem_type_schema();
void add_contract(const http::Route& r, boost::json::object& op, boost::json::object& responses);

// app/openapi_lists.cpp: the query parameters of a record list, its sort values and filter fields.
boost::json::array list_parameters(const http::RouteDoc& d);

}  // namespace rapport::app
