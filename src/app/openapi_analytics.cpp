#include "app/openapi_schema.hpp"

namespace rapport::app {
namespace json = boost::json;

// The report builder (modules/analytics): a definition and the chart-ready answer.
void add_analytics_schemas(json::object& schemas) {
  json::object any_value{{"description", "A string, number, boolean or null"}};
  json::object bucket{{"type", "string"}, {"enum", json::array{"day", "week", "month", "quarter", "year"}}};
  json::object group_by = {{"oneOf", json::array{described(str(), "A field, owner_id or team"),
                                                 obj({{"field", str()}, {"bucket", bucket}}, {"field"})}}};
  json::object op{{"type", "string"}, {"enum", json::array{"count", "sum", "avg", "min", "max", "median"}}};
  json::object measure = closed(obj({{"op", op}, {"field", str()}}, {"op"}));
  schemas["ReportDefinition"] = closed(obj(
      {{"object", described(str(), "companies, contacts, leads, deals, activities, products, tickets")},
       {"filter", json::object{{"type", "object"},
                               {"description", "{field: {operator: value}} (or {field: value} for eq), the list filter language"},
                               {"additionalProperties", true}}},
       {"group_by", json::object{{"type", "array"}, {"maxItems", 2}, {"items", group_by}}},
       {"measures", json::object{{"type", "array"}, {"minItems", 1}, {"maxItems", 8}, {"items", measure}}},
       {"sort", described(str(), "A measure's or a group-by's key, - for descending")},
       {"limit", json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 2000}}},
       {"chart", described(json::object{{"type", "string"}, {"enum", json::array{"bar", "line", "area", "pie", "table"}}},
                           "How the report is drawn (kept by a saved report, ignored by a run)")}},
      {"object", "measures"}));
  json::object values{{"type", "object"},
                      {"description", "Per measure key: its figure (integer, number, or null for an average, minimum, maximum or "
                                      "median of no values). Money in minor units"},
                      {"additionalProperties", true}};
  json::object groups{{"type", "array"}, {"items", any_value}, {"description", "One value per group-by (null: none)"}};
  json::object row = obj({{"groups", groups}, {"currency", nstr()}, {"values", values}}, {"groups", "values"});
  json::object point = obj({{"x", any_value}, {"values", values}}, {"x", "values"});
  json::object series = obj({{"name", any_value}, {"currency", nstr()}, {"points", array_of(point)}}, {"name", "points"});
  json::object total = obj({{"currency", nstr()}, {"values", values}}, {"values"});
  json::object group_doc = obj({{"key", str()}, {"field", str()},
                                {"kind", json::object{{"type", "string"}, {"enum", json::array{"field", "owner", "team", "time", "date"}}}},
                                {"bucket", bucket}},
                               {"key", "field", "kind"});
  json::object measure_doc = obj({{"key", str()}, {"op", op}, {"field", str()}, {"money", boolean()}, {"currency", str()}},
                                 {"key", "op", "money"});
  schemas["ReportResult"] = obj({{"object", str()},
                                 {"time_zone", described(str(), "The workspace's time zone, on whose wall clock times were bucketed")},
                                 {"group_by", array_of(group_doc)},
                                 {"measures", array_of(measure_doc)},
                                 {"currency_split", described(boolean(), "Figures are per currency (a money measure)")},
                                 {"rows", array_of(row)},
                                 {"series", described(array_of(series), "Chart-ready: per value of the first group-by (with two) "
                                                                        "and currency, points along the last group-by")},
                                 {"totals", described(array_of(total), "Over every matched record, per currency when split")},
                                 {"truncated", described(boolean(), "limit cut rows off")}},
                                {"object", "time_zone", "group_by", "measures", "currency_split", "rows", "series", "totals", "truncated"});

  // Saved reports and dashboards (modules/analytics/saved_item.hpp).
  json::object visibility{{"type", "string"}, {"enum", json::array{"private", "team", "workspace"}}};
  json::object nuuid{{"type", json::array{"string", "null"}}, {"format", "uuid"}};
  json::object name{{"type", "string"}, {"minLength", 1}, {"maxLength", 200}};
  json::object version{{"type", "integer"}, {"minimum", 1}};
  json::object dt{{"type", "string"}, {"format", "date-time"}};
  auto item = [&](json::object props, json::array required) {
    props["id"] = str();
    props["name"] = name;
    props["visibility"] = visibility;
    props["team_id"] = described(nuuid, "The team it is shared with (visibility team)");
    props["owner_id"] = str();
    props["created_by"] = str();
    props["created_at"] = dt;
    props["updated_at"] = dt;
    props["version"] = version;
    for (const char* k : {"id", "name", "visibility", "team_id", "owner_id", "created_by", "created_at", "updated_at", "version"})
      required.push_back(json::value(k));
    return obj(std::move(props), std::move(required));
  };
  schemas["SavedReport"] = item({{"object", str()}, {"definition", ref("ReportDefinition")}}, {"object", "definition"});
  schemas["SavedReportList"] = obj({{"data", array_of(ref("SavedReport"))}}, {"data"});
  json::object report_input{{"name", name}, {"visibility", described(visibility, "Default private")}, {"team_id", nuuid},
                            {"definition", ref("ReportDefinition")}};
  schemas["SavedReportInput"] = closed(obj(report_input, {"name", "definition"}));
  schemas["SavedReportPatch"] = closed(obj(report_input));
  json::object widget = closed(obj({{"saved_report_id", json::object{{"type", "string"}, {"format", "uuid"}}},
                                    {"type", json::object{{"type", "string"}, {"enum", json::array{"chart", "table", "kpi"}}}},
                                    {"chart", json::object{{"type", "string"}, {"enum", json::array{"bar", "line", "area", "pie"}}}},
                                    {"x", json::object{{"type", "integer"}, {"minimum", 0}, {"maximum", 11}}},
                                    {"y", json::object{{"type", "integer"}, {"minimum", 0}, {"maximum", 1000}}},
                                    {"w", json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 12}}},
                                    {"h", json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 24}}},
                                    {"period", closed(obj({{"field", str()},
                                                           {"bucket", json::object{{"type", "string"},
                                                                                   {"enum", json::array{"week", "month", "quarter", "year"}}}}},
                                                          {"field", "bucket"}))}},
                                   {"saved_report_id", "type", "x", "y", "w", "h"}));
  json::object widgets{{"type", "array"}, {"maxItems", 50}, {"items", widget}};
  schemas["Dashboard"] = item({{"widgets", widgets}}, {"widgets"});
  schemas["DashboardList"] = obj({{"data", array_of(ref("Dashboard"))}}, {"data"});
  json::object dashboard_input{{"name", name}, {"visibility", described(visibility, "Default private")}, {"team_id", nuuid}, {"widgets", widgets}};
  schemas["DashboardInput"] = closed(obj(dashboard_input, {"name", "widgets"}));
  schemas["DashboardPatch"] = closed(obj(dashboard_input));
  // Report schedules (modules/analytics/report_schedule.hpp).
  json::object frequency{{"type", "string"}, {"enum", json::array{"daily", "weekly", "monthly"}}};
  json::object clock_time{{"type", "string"}, {"pattern", "^([01][0-9]|2[0-3]):[0-5][0-9]$"}, {"description", "HH:MM, 24-hour clock"}};
  json::object weekday{{"type", "integer"}, {"minimum", 0}, {"maximum", 6}, {"description", "Weekly: 0 = Sunday .. 6"}};
  json::object month_day{{"type", "integer"}, {"minimum", 1}, {"maximum", 28}, {"description", "Monthly: the day of the month"}};
  json::object uuid_array{{"type", "array"}, {"maxItems", 20}, {"items", json::object{{"type", "string"}, {"format", "uuid"}}}};
  json::object email_array{{"type", "array"}, {"maxItems", 20}, {"items", json::object{{"type", "string"}, {"format", "email"}}}};
  auto nullable_int = [](json::object o) {
    o["type"] = json::array{"integer", "null"};
    return o;
  };
  schemas["ReportScheduleInput"] = closed(obj({{"frequency", frequency},
                                               {"time", clock_time},
                                               {"weekday", weekday},
                                               {"month_day", month_day},
                                               {"time_zone", described(str(), "IANA time zone; default the workspace's")},
                                               {"user_ids", described(uuid_array, "Active users of the workspace")},
                                               {"emails", described(email_array, "Addresses; 1 to 20 recipients with user_ids")}},
                                              {"frequency", "time"}));
  schemas["ReportSchedule"] = obj({{"id", str()},
                                   {"saved_report_id", str()},
                                   {"frequency", frequency},
                                   {"time", clock_time},
                                   {"weekday", nullable_int(weekday)},
                                   {"month_day", nullable_int(month_day)},
                                   {"time_zone", str()},
                                   {"user_ids", uuid_array},
                                   {"emails", email_array},
                                   {"created_by", str()},
                                   {"created_at", dt},
                                   {"last_sent_at", json::object{{"type", json::array{"string", "null"}}, {"format", "date-time"}}}},
                                  {"id", "saved_report_id", "frequency", "time", "weekday", "month_day", "time_zone", "user_ids", "emails",
                                   "created_by", "created_at", "last_sent_at"});
  schemas["ReportScheduleList"] = obj({{"data", array_of(ref("ReportSchedule"))}}, {"data"});
  schemas["ReportScheduleSent"] = obj({{"job_id", str()}}, {"job_id"});
  json::object period_totals = obj({{"from", str()}, {"to", str()}, {"totals", array_of(total)}}, {"from", "to", "totals"});
  json::object widget_data = obj({{"index", json::object{{"type", "integer"}}},
                                  {"saved_report_id", str()},
                                  {"type", str()},
                                  {"chart", str()},
                                  {"x", json::object{{"type", "integer"}}},
                                  {"y", json::object{{"type", "integer"}}},
                                  {"w", json::object{{"type", "integer"}}},
                                  {"h", json::object{{"type", "integer"}}},
                                  {"period", json::object{{"type", "object"}}},
                                  {"name", str()},
                                  {"report", ref("ReportResult")},
                                  {"kpi", obj({{"current", period_totals}, {"previous", period_totals}, {"change", array_of(total)}},
                                              {"current", "previous", "change"})},
                                  {"problem", obj({{"status", json::object{{"type", "integer"}}}, {"detail", str()}}, {"status", "detail"})}},
                                 {"index", "saved_report_id", "type"});
  schemas["DashboardData"] = obj({{"id", str()}, {"name", str()}, {"version", version}, {"time_zone", str()}, {"widgets", array_of(widget_data)}},
                                 {"id", "name", "version", "time_zone", "widgets"});
}

}  // namespace rapport::app
