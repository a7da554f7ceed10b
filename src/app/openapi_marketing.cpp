// Marketing audiences (modules/marketing): segments, their filter and preview, static lists and
// their members.
#include "app/openapi_schema.hpp"
#include "modules/marketing/audience_input.hpp"
#include "modules/marketing/segment.hpp"
#include "modules/marketing/segment_filter.hpp"
#include "modules/marketing/static_list.hpp"
#include "modules/privacy/consents.hpp"

namespace rapport::app {
namespace json = boost::json;

namespace {

json::object segment_filter() {
  using namespace marketing;
  json::object group{{"$ref", "#/components/schemas/SegmentFilter"}};
  json::object open_deal{
      {"oneOf", json::array{boolean(), closed(obj({{"pipeline_id", json::object{{"type", "string"}, {"format", "uuid"}}},
                                                   {"stage_id", json::object{{"type", "string"}, {"format", "uuid"}}}}))}},
      {"description", "A live deal the contact is a contact of that is not won or lost (optionally in that pipeline or stage); "
                      "false: none. Only whether one exists: no amount is read"}};
  json::array states = text_values(privacy::consent_statuses());
  states.push_back("none");
  json::object consent = closed(obj({{"channel", json::object{{"type", "string"}, {"enum", text_values(privacy::consent_channels())}}},
                                     {"state", json::object{{"type", "string"}, {"enum", states},
                                                            {"description", "The channel's newest consent; none: none recorded"}}}},
                                    {"channel", "state"}));
  json::object s = obj({{"any", described(array_of(group), "Groups of which at least one holds")},
                        {"all", described(array_of(group), "Groups that all hold")},
                        {"not", described(group, "A group that does not hold (a condition on an empty field does not hold either)")},
                        {"has_open_deal", open_deal},
                        {"activity_within_days", json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 3650},
                                                              {"description", "A live activity linked to the contact occurred in the "
                                                                              "last N days"}}},
                        {"consent", consent}});
  s["additionalProperties"] = json::object{
      {"type", "object"},
      {"minProperties", 1},
      {"description", "Any other key is a field: a contact field, custom.<name>, company.<field> or company.custom.<name>, "
                      "with operators of the contacts (or companies) list and their values: {\"eq\": \"DE\"}, {\"gte\": 50}, "
                      "{\"in\": [\"DE\", \"AT\"]}, {\"is_null\": true}"},
      {"additionalProperties", json::object{{"type", json::array{"string", "number", "boolean", "array"}}}}};
  s["description"] = "Conditions that all hold, over contacts. At most " + std::to_string(kMaxConditions) +
                     " conditions (operators and related facts) in all, groups nested at most " + std::to_string(kMaxDepth) +
                     " deep, " + std::to_string(kMaxFilterBytes) + " bytes as JSON. {} holds every contact.";
  return s;
}

}  // namespace

void add_marketing_schemas(json::object& schemas) {
  using namespace marketing;
  json::object uuid{{"type", "string"}, {"format", "uuid"}};
  json::object date_time{{"type", "string"}, {"format", "date-time"}};
  json::object version{{"type", "integer"}, {"minimum", 1}};
  json::object creator{{"type", json::array{"string", "null"}}, {"format", "uuid"}, {"description", "The user who created it"}};
  json::object name{{"type", "string"}, {"minLength", 1}, {"maxLength", static_cast<int64_t>(kMaxNameChars)},
                    {"description", "Unique in the workspace, case-insensitively"}};
  json::object object{{"type", "string"}, {"enum", json::array{"contacts"}}, {"description", "What the segment holds"}};
  json::object filter{{"$ref", "#/components/schemas/SegmentFilter"}};

  schemas["SegmentFilter"] = segment_filter();
  schemas["Segment"] = obj({{"id", uuid}, {"name", name}, {"object", object}, {"filter", filter}, {"created_by", creator},
                            {"version", version}, {"created_at", date_time}, {"updated_at", date_time}},
                           {"id", "name", "object", "filter", "created_by", "version", "created_at", "updated_at"});
  schemas["SegmentList"] = obj({{"data", array_of(ref("Segment"))}}, {"data"});
  schemas["SegmentInput"] = closed(obj({{"name", name}, {"object", described(object, "Default contacts")},
                                        {"filter", described(filter, "Default {} (every contact)")}},
                                       {"name"}));
  schemas["SegmentPatch"] = closed(obj({{"name", name}, {"filter", filter}}));
  schemas["SegmentPreviewInput"] = closed(obj({{"filter", filter},
                                               {"limit", json::object{{"type", "integer"}, {"minimum", 1},
                                                                      {"maximum", kMaxPreviewLimit}, {"default", 20},
                                                                      {"description", "Contacts on the first page"}}}},
                                              {"filter"}));

  json::object description{{"type", json::array{"string", "null"}}, {"maxLength", static_cast<int64_t>(kMaxDescriptionChars)}};
  schemas["StaticList"] = obj({{"id", uuid}, {"name", name}, {"description", description}, {"created_by", creator},
                               {"version", version}, {"created_at", date_time}, {"updated_at", date_time}},
                              {"id", "name", "description", "created_by", "version", "created_at", "updated_at"});
  schemas["StaticListList"] = obj({{"data", array_of(ref("StaticList"))}}, {"data"});
  schemas["StaticListInput"] = closed(obj({{"name", name}, {"description", description}}, {"name"}));
  schemas["StaticListPatch"] = closed(obj({{"name", name}, {"description", description}}));
  json::object ids = array_of(uuid);
  ids["minItems"] = 1;
  ids["maxItems"] = static_cast<int64_t>(kMaxBatch);
  schemas["ListMembersInput"] = closed(obj({{"contact_ids", described(ids, "Contacts' ids; a repeated id counts once")}}, {"contact_ids"}));
  json::object count{{"type", "integer"}, {"minimum", 0}};
  schemas["ListMembersAdded"] = obj({{"added", count}, {"already_members", count}}, {"added", "already_members"});
  schemas["ListMembersRemoved"] = obj({{"removed", count}, {"not_members", count}}, {"removed", "not_members"});
}

}  // namespace rapport::app
