// Imports (modules/imports): the schemas of the import and saved mapping routes.
#include "app/openapi_schema.hpp"
#include "modules/imports/import_record.hpp"
#include "modules/imports/import_service.hpp"
#include "modules/imports/mapping_service.hpp"

namespace rapport::app {
namespace json = boost::json;

void add_import_schemas(json::object& schemas) {
  using namespace imports;
  json::object dt{{"type", "string"}, {"format", "date-time"}};
  json::object ndt{{"type", json::array{"string", "null"}}, {"format", "date-time"}};
  json::object uuid{{"type", "string"}, {"format", "uuid"}};
  json::object count{{"type", "integer"}, {"minimum", 0}};
  json::array states, objects;
  for (const char* s : kImportStates) states.push_back(json::value(s));
  for (const char* o : kImportObjects) objects.push_back(json::value(o));
  json::object object{{"type", "string"}, {"enum", objects}};
  json::object mapping = described(json::object{{"type", "object"}, {"additionalProperties", true}},
                                   "The mapping document: columns (header -> target or null), date_order (dmy | mdy), "
                                   "currency, region, create_companies, match_on (email | domain | external_id | none), "
                                   "on_duplicate (skip | update | create)");
  json::object column = obj({{"header", str()}, {"target", described(nstr(), "The field or lookup it fills; null: not imported")},
                             {"note", described(str(), "Why a column that looks meaningful is left out")}},
                            {"header", "target"});
  json::object progress = obj({{"bytes_done", count},
                               {"bytes_total", count},
                               {"rows_done", count},
                               {"fraction", json::object{{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
                               {"rows_per_second", described(json::object{{"type", json::array{"number", "null"}}}, "Once rows were read")},
                               {"eta_seconds", described(json::object{{"type", json::array{"number", "null"}}}, "While running")}},
                              {"bytes_done", "bytes_total", "rows_done", "fraction", "rows_per_second", "eta_seconds"});
  json::object counts = obj({{"read", count}, {"created", count}, {"updated", count}, {"skipped", count}, {"failed", count}},
                            {"read", "created", "updated", "skipped", "failed"});
  schemas["Import"] = obj({{"id", uuid},
                           {"object", object},
                           {"state", json::object{{"type", "string"}, {"enum", states}}},
                           {"dry_run", boolean()},
                           {"file_name", str()},
                           {"file_bytes", count},
                           {"encoding", described(str(), "CSV, as detected: us-ascii, utf-8, utf-16le, utf-16be, windows-1252, "
                                                         "iso-8859-1; binary for a vCard or XLSX file (kept as sent)")},
                           {"format", json::object{{"type", "string"}, {"enum", json::array{"csv", "vcard", "xlsx"}}}},
                           {"sheet", described(nstr(), "XLSX: the sheet read (the sheet query parameter); null: the first")},
                           {"mapping", mapping},
                           {"columns", array_of(column)},
                           {"counts", counts},
                           {"progress", progress},
                           {"error", described(nstr(), "Why a failed import stopped")},
                           {"created_by", str()},
                           {"created_at", dt},
                           {"started_at", ndt},
                           {"finished_at", ndt},
                           {"undone_at", ndt}},
                          {"id", "object", "state", "dry_run", "file_name", "file_bytes", "encoding", "format", "sheet", "mapping", "columns",
                           "counts", "progress", "error", "created_by", "created_at", "started_at", "finished_at", "undone_at"});
  json::object preview_column = obj({{"header", str()},
                                     {"target", described(nstr(), "The field or lookup it fills; null: not imported")},
                                     {"note", described(str(), "Why a column that looks meaningful is left out")},
                                     {"refused", described(str(), "Why your role may not fill its target (the import would be a 422)")},
                                     {"samples", described(array_of(str()), "Its first non-empty values")}},
                                    {"header", "target", "samples"});
  json::object target = obj({{"name", str()},
                             {"kind", json::object{{"type", "string"},
                                                   {"enum", json::array{"field", "custom", "full_name", "lookup", "external_id", "history"}}}},
                             {"label", described(nstr(), "A custom field's label")},
                             {"required", boolean()}},
                            {"name", "kind", "label", "required"});
  schemas["ImportPreview"] = obj({{"object", object},
                                  {"format", json::object{{"type", "string"}, {"enum", json::array{"csv", "vcard", "xlsx"}}}},
                                  {"encoding", str()},
                                  {"file_name", str()},
                                  {"sheet", described(nstr(), "XLSX: the sheet read; null for other files")},
                                  {"sheets", described(array_of(str()), "XLSX: the workbook's sheets in order")},
                                  {"columns", array_of(preview_column)},
                                  {"targets", described(array_of(target), "What a column may fill, for your role")},
                                  {"mapping", mapping}},
                                 {"object", "format", "encoding", "file_name", "sheet", "sheets", "columns", "targets", "mapping"});
  json::object failed_row = obj({{"line", count},
                                 {"column", described(str(), "The column's header; empty: the row as a whole")},
                                 {"value", str()},
                                 {"message", str()}},
                                {"line", "column", "value", "message"});
  schemas["ImportFailedRows"] = obj({{"data", array_of(failed_row)}, {"total", count}}, {"data", "total"});
  schemas["ImportList"] = obj({{"data", array_of(ref("Import"))}}, {"data"});
  json::object name{{"type", "string"}, {"minLength", 1}, {"maxLength", static_cast<int64_t>(kMaxMappingNameChars)}};
  schemas["ImportMapping"] = obj({{"id", uuid},
                                  {"object", object},
                                  {"name", name},
                                  {"mapping", mapping},
                                  {"version", json::object{{"type", "integer"}, {"minimum", 1}}},
                                  {"created_by", str()},
                                  {"created_at", dt},
                                  {"updated_at", dt}},
                                 {"id", "object", "name", "mapping", "version", "created_by", "created_at", "updated_at"});
  schemas["ImportMappingList"] = obj({{"data", array_of(ref("ImportMapping"))}}, {"data"});
  json::object input = obj({{"name", name}, {"object", object}, {"mapping", mapping}}, {"name", "object", "mapping"});
  input["additionalProperties"] = false;
  schemas["ImportMappingInput"] = std::move(input);
  json::object patch = obj({{"name", name}, {"mapping", mapping}});
  patch["additionalProperties"] = false;
  schemas["ImportMappingPatch"] = std::move(patch);
}

}  // namespace rapport::app
