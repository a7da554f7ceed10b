// The saved views of the list pages (modules/views): View, ViewInput, ViewPatch, ViewList.
#include "app/openapi_schema.hpp"
#include "modules/views/view.hpp"
#include "platform/identity/securable_objects.hpp"

namespace rapport::app {
namespace json = boost::json;

void add_view_schemas(json::object& schemas) {
  using namespace views;
  json::object object_type{{"type", "string"}, {"enum", text_values(identity::securable_objects())},
                           {"description", "The record type whose list page the view belongs to"}};
  json::object name{{"type", "string"}, {"minLength", 1}, {"maxLength", static_cast<int64_t>(kMaxNameChars)},
                    {"description", "Unique (case-insensitively) among the owner's private views of the object type, "
                                    "or among the workspace's shared views of it"}};
  json::object visibility{{"type", "string"}, {"enum", json::array{kPrivate, kShared}},
                          {"description", "private: only its owner sees it; workspace: every member whose role reads the object type"}};
  json::object field{{"type", "string"}, {"minLength", 1}, {"maxLength", static_cast<int64_t>(kMaxFieldNameBytes)},
                     {"description", "A field the object's list filters on, or custom.<name>"}};
  json::object filter = obj({{"field", field},
                             {"op", json::object{{"type", "string"}, {"enum", text_values(records::filter_operators())}}},
                             {"value", json::object{{"type", "string"}, {"maxLength", static_cast<int64_t>(kMaxFilterValueBytes)},
                                                    {"description", "As the list takes it in filter[field][op]=value"}}}},
                            {"field", "op", "value"});
  filter["additionalProperties"] = false;
  json::object filters = array_of(filter);
  filters["maxItems"] = static_cast<int64_t>(kMaxFilters);
  filters["description"] = "Conditions that all hold, checked as the object's list route checks them";
  json::object sort{{"type", json::array{"string", "null"}}, {"maxLength", static_cast<int64_t>(kMaxFieldNameBytes + 1)},
                    {"description", "The list's sort syntax: [-]field, e.g. -created_at; null for the list's default order"}};
  json::object columns = array_of(json::object{{"type", "string"}, {"minLength", 1}, {"maxLength", static_cast<int64_t>(kMaxFieldNameBytes)}});
  columns["maxItems"] = static_cast<int64_t>(kMaxColumns);
  columns["uniqueItems"] = true;
  columns["description"] = "The columns shown, in order: fields of the object or custom.<name>";
  json::object position{{"type", "integer"}, {"minimum", 0}, {"maximum", kMaxPosition},
                        {"description", "Views are ordered by position, then name"}};
  json::object date_time{{"type", "string"}, {"format", "date-time"}};

  schemas["View"] = obj({{"id", json::object{{"type", "string"}, {"format", "uuid"}}},
                         {"object_type", object_type},
                         {"name", name},
                         {"visibility", visibility},
                         {"filters", filters},
                         {"sort", sort},
                         {"columns", columns},
                         {"position", position},
                         {"owner_id", json::object{{"type", "string"}, {"format", "uuid"}}},
                         {"version", json::object{{"type", "integer"}, {"minimum", 1}}},
                         {"created_at", date_time},
                         {"updated_at", date_time}},
                        {"id", "object_type", "name", "visibility", "filters", "sort", "columns", "position", "owner_id",
                         "version", "created_at", "updated_at"});
  schemas["ViewList"] = obj({{"data", array_of(ref("View"))}}, {"data"});
  json::object position_in = position;
  position_in["description"] = "Default: after the last view of the object type you see";
  json::object input = obj({{"object_type", object_type},
                            {"name", name},
                            {"visibility", described(visibility, "Default private")},
                            {"filters", described(filters, "Default none")},
                            {"sort", sort},
                            {"columns", described(columns, "Default none (the list page's own columns)")},
                            {"position", position_in}},
                           {"object_type", "name"});
  input["additionalProperties"] = false;
  schemas["ViewInput"] = input;
  json::object patch = obj({{"name", name}, {"visibility", visibility}, {"filters", filters}, {"sort", sort}, {"columns", columns},
                            {"position", position}});
  patch["additionalProperties"] = false;
  patch["description"] = "The parts to change; object_type cannot change (422)";
  schemas["ViewPatch"] = patch;
}

}  // namespace rapport::app
