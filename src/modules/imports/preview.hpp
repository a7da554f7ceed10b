// What POST /api/v1/imports/preview answers: a file's columns as the import would take them, before
// anything is stored, for the person choosing the mapping:
//   {"object", "format", "encoding", "file_name", "sheet" (XLSX: the sheet read), "sheets" (XLSX: all),
//    "columns": [{"header", "target" | null, "note"?, "refused"?, "samples": [first non-empty values]}],
//    "targets": [{"name", "kind", "label", "required"}]  (those the caller's role may fill),
//    "mapping": the mapping document with every option as it applies}
// A column whose automatic match the caller may not fill says why in `refused` (the import itself
// would be a 422 naming it): choose another target or leave it out.
// Pure: a function of the accepted file (import_service.hpp) and the caller's context.
#pragma once
#include <boost/json.hpp>

#include "modules/imports/import_service.hpp"

namespace rapport::imports {

// Sample values per column, and their length (a long note is cut at a character).
constexpr std::size_t kPreviewSamples = 3;
constexpr std::size_t kPreviewSampleBytes = 200;

std::string_view target_kind_name(Target::Kind kind);

boost::json::object preview_json(const identity::Context& ctx, std::string_view object, const Accepted& a, std::string_view sheet);

}  // namespace rapport::imports
