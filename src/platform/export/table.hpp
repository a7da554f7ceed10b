// Writers of a table (a header row, then rows of cells) into the bytes of a file format, for
// streamed exports: rows go in as they are read, and the bytes come out in pieces the server sends
// as chunks, so no writer holds the whole table. CSV bytes are ready row by row; an XLSX workbook is
// a ZIP written front to back (zip_stream.hpp): its sheet deflated as the rows come, the parts that
// name the sheets and the ZIP's directory after the last row.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace rapport::exports {

// A number given as its exact decimal text ("1500.00": an amount in its currency's major unit),
// written as a number: in XLSX when a spreadsheet holds it exactly (15 significant digits), else as
// text, so that no digit is lost.
struct Decimal {
  std::string text;
};

// A cell: nothing, text, or a number (written as a number, never guarded as a formula).
using Cell = std::variant<std::monostate, std::string, int64_t, double, Decimal>;

class TableWriter {
 public:
  virtual ~TableWriter() = default;
  virtual void header(const std::vector<std::string>& names) = 0;
  virtual void row(const std::vector<Cell>& cells) = 0;
  // Appends the bytes that are ready (the rows so far; XLSX: deflated in pieces of about 256 KiB).
  virtual void drain(std::string& out) = 0;
  // After the last row: appends a piece of what is left (at most about kPiece bytes); false when
  // this was the last piece.
  virtual bool finish(std::string& out) = 0;
  static constexpr std::size_t kPiece = 256 * 1024;
};

// RFC 4180 CSV in UTF-8 (platform/export/csv.hpp), starting with a byte order mark when `bom`.
std::unique_ptr<TableWriter> csv_table(bool bom);
// An XLSX workbook of one sheet (more when the rows exceed a sheet's 1,048,576 or its XML 2 GB, each
// under the same header), texts as inline strings. Text longer than a cell holds (32,767 characters)
// is cut at a character boundary.
std::unique_ptr<TableWriter> xlsx_table(const std::string& sheet_name);

}  // namespace rapport::exports
