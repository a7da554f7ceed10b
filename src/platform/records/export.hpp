// GET /api/v1/{object}/export: the records a list request names (its filter[...] and sort, within
// the caller's read scope and the role's export scope, without the fields the role hides) as a file streamed while it is read:
// CSV (RFC 4180, optionally with a BOM for Excel, formula-like text guarded) and XLSX, both with the
// columns of export_columns.hpp (amounts in major units, references named), NDJSON (one
// record per line as GET returns it) and the object's own record formats (ObjectSpec::record_formats:
// vCard, iCalendar). Rows are read by keyset pages of kExportPage, each in its own short read
// transaction on a worker (never the writer), and each page is written out before the next is read,
// so memory stays flat at any row count. Every export is audited: who, which object, format, filter,
// sort and the rows sent (action "export", and whether it completed).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "platform/http/message.hpp"
#include "platform/records/service.hpp"

namespace rapport::records {

constexpr int kExportPage = 500;

// The formats of the object's export: csv, xlsx, ndjson, then its record formats.
std::vector<std::string> export_formats(const ObjectSpec& spec);

// The export's answer (a streamed body, Content-Disposition naming the file), or the problem the
// list would answer for the same filters and sort (400, 403), found before anything is sent.
// `query` holds format, bom, check, sort and filter[...].
// check=true answers 204 with the Content-Disposition once every check has passed, reading and
// auditing nothing: the web UI asks so before handing the URL to the browser's download manager,
// which streams the file to disk but would show a refusal only as a failed download.
Result<http::Response> start_export(Service& svc, const identity::Context& ctx,
                                    const std::vector<std::pair<std::string, std::string>>& query);

}  // namespace rapport::records
