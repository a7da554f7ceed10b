// The reader for an uploaded file, chosen from its declared content type and its first bytes, and one
// interface over the three readers, so that the import job reads CSV, vCard and XLSX alike:
//
//   auto kind = sniff_file(content_type, first_bytes);   // a 4xx with kind.error when it fails
//   auto reader = open_reader(*kind.kind);
//   for each piece: reader->feed(piece); while (auto r = reader->next()) plan(*r);
//   reader->finish(); while (auto r = reader->next()) plan(*r);   // XLSX gives its rows only here
//   if (!reader->error().empty()) ... the file's error, naming its line / card / row
//
// Records are CsvRecord in every case: the header row first (vCard: kVcardColumns), then the rows.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/imports/csv_reader.hpp"
#include "modules/imports/vcard_reader.hpp"
#include "modules/imports/xlsx_reader.hpp"

namespace rapport::imports {

enum class FileKind { Csv, Vcard, Xlsx };
std::string_view file_kind_name(FileKind kind);  // "csv", "vcard", "xlsx"

struct SniffedKind {
  std::optional<FileKind> kind;
  std::string error;  // why the file cannot be imported as sent (a 415 or 422 for the route)
};

// The reader a file needs. `content_type` as declared (parameters such as "; charset=utf-8" and case
// ignored; empty or application/octet-stream: the bytes decide); `head`: the file's first bytes (512
// are plenty). text/csv (also application/csv, text/plain and application/vnd.ms-excel, what browsers
// on Windows send for .csv), text/vcard (text/x-vcard, text/directory) and the XLSX type must agree with
// the bytes: a ZIP sent as CSV, text sent as XLSX, a vCard sent as CSV are errors saying what the file
// is; an Excel 97-2003 workbook (.xls, an OLE2 file) is refused as unsupported whatever its type.
SniffedKind sniff_file(std::string_view content_type, std::string_view head);

// Whether a file sent with this content type is one sniff_file may take (a CSV, vCard or XLSX type,
// application/octet-stream or application/vnd.ms-excel): what POST answers 415 for otherwise.
bool is_file_type(std::string_view content_type);

// The content type a file's name implies (.csv .txt .tsv: text/csv, .vcf .vcard: text/vcard, .xlsx:
// kXlsxContentType); empty for another or no extension: then the bytes decide (sniff_file).
std::string_view content_type_for_file_name(std::string_view name);

inline constexpr std::string_view kXlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  virtual bool feed(std::string_view bytes) = 0;
  virtual bool finish() = 0;
  virtual std::optional<CsvRecord> next() = 0;
  virtual const std::string& error() const = 0;
  // XLSX: the workbook's sheet names once finish() has read its directory; empty for the others.
  virtual std::vector<std::string> sheets() const { return {}; }
  // The share of the input read into records, 0 to 1, when the bytes fed do not say it (XLSX: the
  // workbook is fed whole before its first row); nullopt: the bytes fed are the measure.
  virtual std::optional<double> fraction_read() const { return std::nullopt; }
  // CSV: the text up to the end of the last record next() gave (CsvReader::text_read), which the
  // bytes fed run ahead of; nullopt for the others.
  virtual std::optional<uint64_t> text_read() const { return std::nullopt; }
};

struct ReaderOptions {
  CsvLimits csv;
  VcardLimits vcard;
  XlsxLimits xlsx;
  std::string sheet;      // XLSX: the sheet's name; empty: the first
  std::string spool_dir;  // XLSX: where the upload is kept meanwhile (unlinked); empty: the system's
};

std::unique_ptr<RecordReader> open_reader(FileKind kind, const ReaderOptions& options = {});

}  // namespace rapport::imports
