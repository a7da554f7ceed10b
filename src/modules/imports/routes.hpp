// The import routes: POST/GET /api/v1/imports, GET /api/v1/imports/{id} and its errors CSV, undo,
// and the saved mappings /api/v1/import-mappings.
#pragma once
#include <memory>

#include "modules/imports/import_service.hpp"
#include "modules/imports/mapping_service.hpp"
#include "platform/http/api.hpp"

namespace rapport::imports {

// The default bound of an uploaded file (rapport serve --import-max-bytes): 413 beyond it.
constexpr std::size_t kDefaultMaxImportBytes = 200 * 1024 * 1024;

void add_routes(http::Api& api, std::shared_ptr<ImportService> imports, std::shared_ptr<MappingService> mappings,
                std::size_t max_file_bytes = kDefaultMaxImportBytes);

}  // namespace rapport::imports
