// The rules of imports: who may import what, the checks made before a file is accepted (so that a
// bad upload stores nothing), reading an import and its failed rows, and undo.
//
// Accepting (POST /api/v1/imports): the object is one of kImportObjects and the caller's role may
// create its records (and update them when the mapping says on_duplicate=update); the mapping (a
// saved one by mapping_id, or the upload's `mapping` part) is read against the object; the file is
// sniffed (file_reader.hpp: its declared type and its bytes must agree, else 422 naming `file`), a CSV
// file decoded to UTF-8 whole (an encoding error or a binary file: 422 naming `file`), and its header
// read through the reader the run will use (an XLSX file is read to its directory and first row);
// every column's target is checked against the caller's field rules (a hidden or read-only field:
// 422 naming `columns.<header>`), history columns (created_at, closed_at) are for admins only, and an
// owner column needs the right to give records to others. Then, in one transaction, the import is
// stored `queued` with its text in pieces (a vCard or XLSX file: its bytes, base64) and its import.run
// job enqueued.
//
// Reading: admins see every import of the workspace, others their own (404 for the rest).
#pragma once
#include <string>
#include <vector>

#include "modules/imports/file_reader.hpp"
#include "modules/imports/import_record.hpp"
#include "modules/imports/mapping.hpp"
#include "modules/imports/row_writer.hpp"
#include "modules/imports/upload.hpp"
#include "platform/db/database.hpp"

namespace rapport::imports {

inline constexpr const char* kImportObjects[] = {"contacts", "companies", "deals", "leads"};
constexpr std::size_t kTextPieceBytes = 1024 * 1024;
// A vCard or XLSX file is kept as sent, in pieces of this many bytes (base64: 1 MiB of text each).
constexpr std::size_t kRawPieceBytes = 768 * 1024;
constexpr int64_t kListedImports = 200;

struct StartInput {
  std::string object;
  bool dry_run = false;
  std::string mapping_id;
  std::string_view content_type, body;  // the request's: read_upload reads them once the caller may import
  std::optional<std::string> mapping;   // the mapping document's JSON when it comes apart (rapport import --mapping)
  std::string file_name;                // when the body names none
  std::string sheet;                    // XLSX: the sheet to read (422 naming `sheet` when the workbook has none so named)
  bool enqueue = true;                  // false: the caller runs it (rapport import), no job is queued
};

// The first records of a file (the header row first) and, for XLSX, the workbook's sheets.
struct FileHead {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> sheets;
};

// A file that passed the checks before anything is stored: its head, mapping and columns' targets,
// and its text (or bytes, base64) in the pieces import_files keeps.
struct Accepted {
  std::vector<records::CustomFieldDef> defs;
  std::vector<Target> targets;  // point into defs (a vector's move keeps its elements in place)
  Mapping mapping;
  std::vector<ColumnMatch> matches;
  FileKind kind = FileKind::Csv;
  FileHead head;
  std::string file_name, encoding;
  int64_t file_bytes = 0, text_bytes = 0;
  std::vector<std::string> pieces;
};

// Sample values a preview shows per column (its first data rows).
constexpr std::size_t kPreviewRows = 5;

class ImportService {
 public:
  ImportService(db::Database& db, Services services) : db_(db), services_(std::move(services)) {}

  Result<Import> start(const identity::Context& ctx, const StartInput& in);
  // POST /api/v1/imports/preview: the same checks as start, nothing stored; the columns as the import
  // would take them with sample values, the targets the caller may fill, the sheets (preview.hpp).
  Result<boost::json::object> preview(const identity::Context& ctx, const StartInput& in);
  Result<Import> get(const identity::Context& ctx, const std::string& id);
  std::vector<Import> list(const identity::Context& ctx);
  // The first `limit` failed rows, in the file's order: {"data": [{"line", "column", "value",
  // "message"}], "total": failed rows kept}. The whole list is errors_csv's.
  Result<boost::json::object> failed_rows(const identity::Context& ctx, const std::string& id, int64_t limit);
  // The failed rows as read, with a `reason` column, as CSV (RFC 4180).
  Result<std::string> errors_csv(const identity::Context& ctx, const std::string& id);
  // Enqueues the undo (import.undo): 409 while the import is queued or running, for a dry run, or
  // when it is undone already.
  Result<Import> undo(const identity::Context& ctx, const std::string& id);

  // The object's targets for the caller's workspace (custom fields included).
  std::vector<Target> targets_of(db::Connection& c, const identity::Context& ctx, const std::string& object,
                                 std::vector<records::CustomFieldDef>& defs);

 private:
  // Who may import, the object, the upload, the mapping, the file sniffed and decoded and its first
  // `head_rows` records read.
  Result<Accepted> accept(const identity::Context& ctx, const StartInput& in, std::size_t head_rows);
  Result<Import> visible(db::Connection& c, const identity::Context& ctx, const std::string& id);

  db::Database& db_;
  Services services_;
};

// Whether `object` can be imported.
bool is_import_object(std::string_view object);
// Whether the caller's role may create records of some object an import fills (who may import, and
// save mappings, at all).
bool may_import_any(const identity::Context& ctx);

}  // namespace rapport::imports
