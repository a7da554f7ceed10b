// XLSX workbooks (Excel, LibreOffice, Google Sheets, libxlsxwriter) read into the records the CSV
// reader gives: one record per row of one sheet (the first, or one named), its cells as text
// (xlsx_values.hpp: shared and inline strings, numbers as shown, booleans TRUE/FALSE, error values as
// written, serial dates as ISO text when the cell's style shows a date, the workbook's 1904 flag
// honoured), empty cells placed by their reference ("A1", "C1": B is empty) and trailing ones dropped.
// A record's `line` is the sheet's row number; empty rows are not given.
//
// Read with libzip and expat. A ZIP cannot be read before its end (the directory is there), so the
// bytes fed are kept in an anonymous temporary file, not in memory; then the sheet's XML is inflated
// and parsed piece by piece as records are asked for, so memory stays flat but for the shared strings
// (a workbook's table of texts, needed whole: bounded). Before anything is inflated each part's sizes
// are checked (a zip bomb: more than max_part_bytes, or inflating more than max_ratio times), and the
// inflated bytes are counted as they come. A DTD in any part is refused (no entity expansion).
// Pure: no global state, bytes in, records out (read_xlsx is the whole-file form).
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/imports/csv_reader.hpp"

namespace rapport::imports {

struct XlsxLimits {
  uint64_t max_file_bytes = 256ull * 1024 * 1024;  // the workbook as uploaded
  uint64_t max_part_bytes = 2ull * 1024 * 1024 * 1024;  // one XML part inflated (a 1M-row sheet is ~1 GB)
  uint64_t max_ratio = 250;  // inflated / compressed: XML reaches ~100, zip bombs thousands
  std::size_t max_shared_strings_bytes = 64 * 1024 * 1024;
  std::size_t max_rows = 1'048'576;  // Excel's own limit
  std::size_t max_columns = 1000;    // as the CSV reader's max_fields
  std::size_t max_cell_bytes = 128 * 1024;
};

class XlsxReader {
 public:
  // `sheet`: the sheet's name (case-insensitive); empty: the first sheet. `spool_dir`: where the
  // upload is kept, in a file removed from the directory at once (empty: the system's temporary one).
  explicit XlsxReader(XlsxLimits limits = {}, std::string sheet = {}, std::string spool_dir = {});
  ~XlsxReader();
  XlsxReader(const XlsxReader&) = delete;
  XlsxReader& operator=(const XlsxReader&) = delete;

  // The next bytes of the workbook, kept until finish(). False on an error.
  bool feed(std::string_view bytes);
  // The end of the upload: opens the archive, reads the workbook, its styles and shared strings, and
  // starts on the sheet. False on an error (not a workbook, a zip bomb, no such sheet, ...).
  bool finish();
  // The next row, read from the sheet as it is asked for; nullopt at the end or on an error (error()).
  std::optional<CsvRecord> next();

  // The workbook's sheet names in order (after finish()).
  const std::vector<std::string>& sheets() const { return sheet_names_; }
  // The share of the sheet's inflated XML parsed so far, 0 to 1: how far the rows are read. The bytes
  // fed are no measure (the whole workbook is fed before its first row comes); 0 before finish().
  double fraction_read() const;
  const std::string& error() const { return error_; }

  struct Archive;  // libzip and expat state (xlsx_reader.cpp)

 private:
  bool fail(std::string message);
  bool open_spool();

  XlsxLimits limits_;
  std::string sheet_, spool_dir_;
  std::FILE* spool_ = nullptr;
  uint64_t fed_ = 0;
  std::unique_ptr<Archive> archive_;
  std::vector<std::string> sheet_names_;
  std::string error_;
};

struct XlsxFile {
  std::vector<CsvRecord> records;
  std::vector<std::string> sheets;
  std::string error;
};
XlsxFile read_xlsx(std::string_view bytes, XlsxLimits limits = {}, std::string sheet = {});

}  // namespace rapport::imports
