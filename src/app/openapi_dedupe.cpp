// Duplicates (modules/dedupe): DuplicatePair, DuplicatePairPage, DuplicateScan.
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
}

}  // namespace rapport::app
