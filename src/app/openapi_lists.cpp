// The query parameters of a record list (limit, cursor, sort, count, filter), with the sortable and
// filterable fields of its object as the route's doc carries them (records::list_fields).
#include "app/openapi_schema.hpp"

namespace rapport::app {
namespace json = boost::json;

namespace {

// custom.<name>, as records::valid_name allows custom field names.
constexpr const char* kCustomField = "^custom\\.[a-z][a-z0-9_]{0,62}$";

json::object value_schema(const http::RouteDoc::ListField& f) {
  json::object s{{"type", f.type}};
  if (!f.format.empty()) s["format"] = f.format;
  return s;
}

json::object operators_schema(const http::RouteDoc::ListField& f) {
  json::object ops;
  for (const auto& op : f.operators) {
    if (op == "is_null") ops[op] = json::object{{"type", "boolean"}};
    else if (op == "in") ops[op] = json::object{{"type", "string"}, {"description", "Values separated by commas (at most 100)"}};
    else if (op == "all") ops[op] = json::object{{"type", "string"}, {"description", "Tags separated by commas (at most 100), every one held"}};
    else ops[op] = value_schema(f);
  }
  json::object s{{"type", "object"}, {"properties", std::move(ops)}, {"additionalProperties", false}};
  if (f.list) s["description"] = "A list: eq and contains both mean that one of its members equals the value";
  return s;
}

}  // namespace

json::array list_parameters(const http::RouteDoc& d) {
  json::array params;
  if (d.list) {  // paging: not for an export (list_filters), which sends every matching record
    params.push_back(json::object{{"name", "limit"}, {"in", "query"}, {"schema", json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 500}, {"default", 50}}}});
    params.push_back(json::object{{"name", "cursor"}, {"in", "query"}, {"description", "next_cursor of the previous page"}, {"schema", str()}});
  }

  json::array sorts;
  for (const auto& f : d.list_fields)
    if (f.sortable) {
      sorts.push_back(json::value(f.name));
      sorts.push_back(json::value("-" + f.name));
    }
  json::object custom_sort{{"type", "string"},
                           {"pattern", "^-?custom\\.[a-z][a-z0-9_]{0,62}$"},
                           {"description", "A custom field of the workspace that can be sorted on (not a multi-select)"}};
  params.push_back(json::object{
      {"name", "sort"},
      {"in", "query"},
      {"description", "The field to order by, ascending, or descending with a leading '-'" +
                          (d.default_sort.empty() ? std::string() : " (default " + d.default_sort + ")")},
      {"schema", json::object{{"type", "string"},
                              {"anyOf", json::array{json::object{{"type", "string"}, {"enum", std::move(sorts)}}, std::move(custom_sort)}}}}});
  if (d.list)
    params.push_back(json::object{{"name", "count"}, {"in", "query"}, {"description", "Also return the number of matching records (total)"}, {"schema", json::object{{"type", "boolean"}}}});

  json::object fields;
  for (const auto& f : d.list_fields) {
    json::object field{{"anyOf", json::array{value_schema(f), operators_schema(f)}}};
    if (!f.description.empty()) field["description"] = f.description;
    fields[f.name] = std::move(field);
  }
  json::object custom{{"anyOf", json::array{str(), json::object{{"type", "object"}, {"additionalProperties", str()}}}},
                      {"description", "A custom field of the workspace; the operators its type allows"}};
  params.push_back(json::object{
      {"name", "filter"},
      {"in", "query"},
      {"style", "deepObject"},
      {"explode", true},
      {"description", "filter[field][op]=value, or filter[field]=value for eq; conditions of several filters all hold (at most 20). "
                      "Each field takes the operators listed for it, from eq, ne, lt, lte, gt, gte, in (comma-separated values), "
                      "contains, starts_with (text only) and is_null (true or false); custom fields as custom.<name>. "
                      "Names and e-mail addresses compare case-insensitively by Unicode case folding (NFKC_Casefold: \"MÜLLER\" "
                      "finds \"Müller\", \"STRASSE\" finds \"Straße\"); contains and starts_with on other text ignore the case "
                      "of ASCII letters only. A time takes RFC 3339 or a date (its midnight UTC)."},
      {"schema", json::object{{"type", "object"},
                              {"properties", std::move(fields)},
                              {"patternProperties", json::object{{kCustomField, std::move(custom)}}},
                              {"additionalProperties", false}}}});
  return params;
}

}  // namespace rapport::app
