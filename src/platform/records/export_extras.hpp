// Columns a table export (export_columns.hpp) writes after a record's own, so that what the record
// links to by id reads back through an import into another workspace (a deal's contacts by e-mail,
// its stage history by stage name: modules/sales/deal_export.hpp). A module registers them for its
// object once, when its spec is built (before any export of the object can run); the export asks for
// them by object. Kept beside the specs rather than in records::Hooks so that the generic export
// needs no module and the spec header (included by most of the code) does not change with them.
#pragma once
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"

namespace rapport::records {

struct ExportExtras {
  std::vector<std::string> headers;
  // For a page of records (their ids), each record's cells in the order of `headers` (records with
  // none may be left out), read in the page's transaction within the caller's scope.
  std::function<std::unordered_map<std::string, std::vector<std::string>>(db::Connection&, const identity::Context&,
                                                                          const std::vector<std::string>& ids)>
      cells;
};

// Registers (or replaces) the extras of `object`. Thread-safe.
void register_export_extras(const std::string& object, ExportExtras extras);
// The extras of `object`, nullptr when it has none. The pointer stays valid (entries are never removed).
const ExportExtras* export_extras(const std::string& object);

}  // namespace rapport::records
