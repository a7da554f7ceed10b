// Duplicates (modules/dedupe): DuplicatePair, DuplicatePairPage, DuplicateScan, MergeInput,
// MergeResult, UnmergeResult, DuplicateDismissalInput, DuplicateDismissal.
#include "app/openapi_dedupe.hpp"
#include "app/openapi_schema.hpp"

namespace rapport::app {
namespace json = boost::json;

void add_dedupe_schemas(json::object& schemas) {
  json::object uuid{{"type", "string"}, {"format", "uuid"}};
  json::object object{{"type", "string"}, {"enum", json::array{"contacts", "companies", "leads"}}};
  json::object ids = array_of(uuid);
  ids["minItems"] = 2;
  ids["maxItems"] = 2;
  ids["description"] = "The two records, the smaller id first";
  json::object reasons = array_of(json::object{
      {"type", "string"}, {"enum", json::array{"same email", "same phone", "same domain", "same name", "similar name"}}});
  schemas["DuplicatePair"] = closed(obj(
      {{"object", object},
       {"ids", ids},
       {"confidence", described(json::object{{"type", "number"}, {"minimum", 0}, {"maximum", 1}},
                                "How sure: the kinds of evidence combined as independent signals, two decimals")},
       {"confidence_percent", json::object{{"type", "integer"}, {"minimum", 0}, {"maximum", 100}}},
       {"reasons", reasons},
       {"found_at", json::object{{"type", "string"}, {"format", "date-time"}}}},
      {"object", "ids", "confidence", "confidence_percent", "reasons", "found_at"}));
  schemas["DuplicatePairPage"] = page_of("DuplicatePair");
  schemas["DuplicateScan"] = closed(obj({{"job_id", described(json::object{{"type", json::array{"string", "null"}}, {"format", "uuid"}},
                                                              "The scan job (null in the rare case it finished meanwhile)")},
                                         {"object", object}},
                                        {"job_id", "object"}));

  json::object group = array_of(uuid);
  group["minItems"] = 2;
  group["maxItems"] = 10;
  group["uniqueItems"] = true;
  group["description"] = "Records that are not the same: every pair among them is dismissed";
  schemas["DuplicateDismissalInput"] = closed(obj({{"object", object}, {"ids", group}}, {"object", "ids"}));
  schemas["DuplicateDismissal"] = closed(obj(
      {{"id", described(uuid, "The dismissal: undo it with DELETE /api/v1/duplicates/dismissals/{id}")},
       {"object", object},
       {"ids", group},
       {"pairs", described(json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 45}},
                           "Pairs dismissed now (those dismissed already stay in their own dismissal)")},
       {"dismissed_at", json::object{{"type", "string"}, {"format", "date-time"}}}},
      {"id", "object", "ids", "pairs", "dismissed_at"}));

  json::object merge_ids = array_of(uuid);
  merge_ids["minItems"] = 2;
  merge_ids["maxItems"] = 10;
  merge_ids["uniqueItems"] = true;
  merge_ids["description"] = "The records to merge, the survivor first";
  json::object choices{{"type", "object"}, {"additionalProperties", uuid}, {"maxProperties", 200},
                       {"description", "Field (\"custom.<name>\" for a custom field) -> the id, one of ids, whose value survives"}};
  schemas["MergeInput"] = closed(obj({{"ids", merge_ids},
                                      {"values", choices},
                                      {"dry_run", described(boolean(), "Answer the preview and write nothing")}},
                                     {"ids"}));
  json::object any = json::object{};
  json::object field_choice = closed(obj(
      {{"field", str()},
       {"values", array_of(closed(obj({{"id", uuid}, {"value", any}}, {"id", "value"})))},
       {"chosen", described(uuid, "The record whose value survives")},
       {"value", described(any, "The value that survives")},
       {"chosen_by", json::object{{"type", "string"}, {"enum", json::array{"request", "default"}}}}},
      {"field", "values", "chosen", "value", "chosen_by"}));
  json::object record = described(json::object{{"type", "object"}}, "The survivor as it is (or would be) after the merge");
  json::object merged_ids = described(array_of(uuid), "The records merged into the survivor");
  schemas["MergeResult"] = closed(obj(
      {{"dry_run", described(boolean(), "Present (true) on a dry run's preview")},
       {"merge_id", described(uuid, "The merge (absent on a dry run): undo it with .../merges/{merge_id}/undo")},
       {"survivor_id", uuid},
       {"merged_ids", merged_ids},
       {"fields", array_of(field_choice)},
       {"related", described(json::object{{"type", "object"}, {"additionalProperties", json::object{{"type", "integer"}}}},
                             "A dry run's: the related rows that would move, by relation")},
       {"moved", described(json::object{{"type", "integer"}}, "Related rows moved to the survivor or dropped as the same link")},
       {"record", record}},
      {"survivor_id", "merged_ids", "fields", "record"}));
  schemas["UnmergeResult"] = closed(obj(
      {{"merge_id", uuid},
       {"record", described(json::object{{"type", "object"}}, "The survivor after the undo")},
       {"restored", described(array_of(json::object{{"type", "object"}}), "The merged records, back from the recycle bin")},
       {"returned", described(json::object{{"type", "integer"}}, "Related rows back with their merged record")},
       {"left", described(json::object{{"type", "integer"}}, "Related rows changed or gone since the merge, left as they are")},
       {"kept", described(array_of(str()), "The survivor's fields changed since the merge, which keep today's value")}},
      {"merge_id", "record", "restored", "returned", "left", "kept"}));
}

}  // namespace rapport::app
