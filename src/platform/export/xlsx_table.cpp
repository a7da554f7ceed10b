// An XLSX workbook streamed as its rows come: the sheet's XML is deflated into a ZipStream row by row
// (inline strings, so there is no shared-strings table to hold), and the parts that name the sheets
// (workbook, relationships, content types, styles) are written after the last row, with the central
// directory. Nothing is kept but zlib's state, the current row and the bytes not yet drained.
#include <algorithm>
#include <charconv>
#include <cstddef>

#include "platform/export/table.hpp"
#include "platform/export/zip_stream.hpp"

namespace rapport::exports {
namespace {

constexpr std::size_t kMaxCellText = 32767;      // the most characters an Excel cell holds (cut in bytes: fewer)
constexpr uint32_t kMaxRows = 1'048'576;         // a sheet's rows, the header included
constexpr std::size_t kMaxColumns = 16'384;      // a sheet's columns (A to XFD)
constexpr uint64_t kMaxSheetBytes = 2'000'000'000;  // a sheet's XML: under the 2 GiB readers take for a part
constexpr std::size_t kFeed = 256 * 1024;        // rows are deflated in pieces of about this size

constexpr std::string_view kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr std::string_view kRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr std::string_view kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

// s cut to at most max bytes without splitting a UTF-8 sequence.
std::string_view cut(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Text as the content of an element. Characters XML 1.0 cannot hold (controls other than tab and
// line feed) and a carriage return (which an XML reader turns into a line feed) are written as
// OOXML's _xHHHH_ escape, and a literal "_xHHHH_" in the text gets its underscore escaped
// (_x005F_), as Excel writes them (ECMA-376 Part 1, 22.9.2.19 ST_Xstring).
void append_xml_text(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const auto b = static_cast<unsigned char>(c);
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if ((b < 0x20 && c != '\t' && c != '\n') || b == 0x7F) {
      out += "_x00";
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
      out += '_';
    } else if (c == '_' && i + 6 < s.size() && s[i + 1] == 'x' && is_hex(s[i + 2]) && is_hex(s[i + 3]) &&
               is_hex(s[i + 4]) && is_hex(s[i + 5]) && s[i + 6] == '_') {
      out += "_x005F_";
    } else {
      out += c;
    }
  }
}

// A number of at most 15 significant digits is exact in a spreadsheet; a longer one is written as text.
bool fits_a_spreadsheet_number(std::string_view decimal) {
  std::size_t digits = 0;
  bool leading = true;
  for (char c : decimal) {
    if (c < '0' || c > '9') continue;
    if (leading && c == '0') continue;
    leading = false;
    ++digits;
  }
  return digits <= 15;
}

// "A", "B", ..., "Z", "AA", ... for a column index from 0.
std::string column_name(std::size_t i) {
  std::string name;
  for (std::size_t n = i + 1; n > 0; n = (n - 1) / 26) name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  return name;
}

class XlsxTable final : public TableWriter {
 public:
  explicit XlsxTable(std::string sheet_name) : sheet_name_(std::move(sheet_name)) {}

  void header(const std::vector<std::string>& names) override {
    names_.assign(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(std::min(names.size(), kMaxColumns)));
    for (std::size_t i = 0; i < names_.size(); ++i) columns_.push_back(column_name(i));
    start_sheet();
  }

  void row(const std::vector<Cell>& cells) override {
    if (sheets_ == 0 || rows_ >= kMaxRows) start_sheet();  // a full sheet: the rows go on in the next, under the same header
    build_row(cells);
    if (sheet_bytes_ + row_.size() > kMaxSheetBytes && rows_ > 1) {  // more XML than a reader takes for a part: the same
      start_sheet();
      build_row(cells);
    }
    put(row_);
    ++rows_;
  }

  void drain(std::string& out) override {
    flush();
    zip_.drain(out);
  }

  bool finish(std::string& out) override {
    if (sheets_ == 0) start_sheet();
    end_sheet();
    write_package();
    zip_.finish();
    zip_.drain(out);
    return false;
  }

 private:
  // The row's XML in row_, numbered rows_ + 1.
  void build_row(const std::vector<Cell>& cells) {
    row_.clear();
    append_row_open();
    for (std::size_t i = 0; i < cells.size() && i < columns_.size(); ++i) {
      const Cell& c = cells[i];
      if (auto* s = std::get_if<std::string>(&c)) {
        if (!s->empty()) append_text_cell(i, cut(*s, kMaxCellText));
      } else if (auto* n = std::get_if<int64_t>(&c)) {
        char tmp[24];
        auto r = std::to_chars(tmp, tmp + sizeof tmp, *n);
        append_number_cell(i, std::string_view(tmp, static_cast<std::size_t>(r.ptr - tmp)));
      } else if (auto* d = std::get_if<double>(&c)) {
        char tmp[32];
        auto r = std::to_chars(tmp, tmp + sizeof tmp, *d);  // shortest text that reads back the same
        append_number_cell(i, std::string_view(tmp, static_cast<std::size_t>(r.ptr - tmp)));
      } else if (auto* dec = std::get_if<Decimal>(&c)) {
        if (fits_a_spreadsheet_number(dec->text)) append_number_cell(i, dec->text);
        else append_text_cell(i, dec->text);
      }
    }
    row_ += "</row>";
  }
  void append_row_open() {
    row_ += "<row r=\"";
    row_ += std::to_string(rows_ + 1);
    row_ += "\">";
  }
  void append_ref(std::size_t column) {
    row_ += " r=\"";
    row_ += columns_[column];
    row_ += std::to_string(rows_ + 1);
    row_ += '"';
  }
  void append_text_cell(std::size_t column, std::string_view text) {
    row_ += "<c";
    append_ref(column);
    const bool edge_space = text.front() == ' ' || text.back() == ' ' || text.front() == '\t' || text.back() == '\t' ||
                            text.front() == '\n' || text.back() == '\n';
    row_ += edge_space ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">" : " t=\"inlineStr\"><is><t>";
    append_xml_text(row_, text);
    row_ += "</t></is></c>";
  }
  void append_number_cell(std::size_t column, std::string_view number) {
    row_ += "<c";
    append_ref(column);
    row_ += "><v>";
    row_ += number;
    row_ += "</v></c>";
  }
  void put(std::string_view xml) {
    pending_ += xml;
    sheet_bytes_ += xml.size();
    if (pending_.size() >= kFeed) flush();
  }
  void flush() {
    if (pending_.empty()) return;
    zip_.write(pending_);
    pending_.clear();
  }

  void start_sheet() {
    if (sheets_ > 0) end_sheet();
    ++sheets_;
    zip_.begin("xl/worksheets/sheet" + std::to_string(sheets_) + ".xml");
    rows_ = 0;
    sheet_bytes_ = 0;
    std::string head(kXmlDeclaration);
    head += "<worksheet xmlns=\"";
    head += kMain;
    head += "\" xmlns:r=\"";
    head += kRelationships;
    head += "\"><sheetData>";
    put(head);
    if (names_.empty()) return;
    row_.clear();
    append_row_open();
    for (std::size_t i = 0; i < names_.size(); ++i)
      if (!names_[i].empty()) append_text_cell(i, cut(names_[i], kMaxCellText));
    row_ += "</row>";
    put(row_);
    ++rows_;
  }
  void end_sheet() {
    put("</sheetData></worksheet>");
    flush();
  }

  std::string sheet_title(int n) const {
    std::string name = sheet_name_.substr(0, 25);
    if (n > 1) {
      name += ' ';
      name += std::to_string(n);  // appended apart: GCC 12 warns falsely on " " + to_string
    }
    return name;
  }

  void part(std::string_view name, const std::string& xml) {
    zip_.begin(name);
    zip_.write(xml);
  }

  // The parts that name the sheets, once their number is known.
  void write_package() {
    std::string types(kXmlDeclaration);
    types += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
             "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
             "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
             "<Override PartName=\"/xl/workbook.xml\" "
             "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
             "<Override PartName=\"/xl/styles.xml\" "
             "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>";
    // Appended piece by piece: GCC 12 warns falsely on chains of + with std::to_string.
    std::string sheets, rels(kXmlDeclaration);
    rels += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    for (int n = 1; n <= sheets_; ++n) {
      const std::string id = std::to_string(n);
      types += "<Override PartName=\"/xl/worksheets/sheet";
      types += id;
      types += ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
      sheets += "<sheet name=\"";
      append_xml_text(sheets, sheet_title(n));
      sheets += "\" sheetId=\"";
      sheets += id;
      sheets += "\" r:id=\"rId";
      sheets += id;
      sheets += "\"/>";
      rels += "<Relationship Id=\"rId";
      rels += id;
      rels += "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet";
      rels += id;
      rels += ".xml\"/>";
    }
    types += "</Types>";
    rels += "<Relationship Id=\"rId";
    rels += std::to_string(sheets_ + 1);
    rels += "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
            "</Relationships>";
    std::string workbook(kXmlDeclaration);
    workbook += "<workbook xmlns=\"";
    workbook += kMain;
    workbook += "\" xmlns:r=\"";
    workbook += kRelationships;
    workbook += "\"><sheets>";
    workbook += sheets;
    workbook += "</sheets></workbook>";
    std::string styles(kXmlDeclaration);
    styles += "<styleSheet xmlns=\"";
    styles += kMain;
    styles += "\"><fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
              "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
              "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
              "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
              "<cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs>"
              "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>";
    std::string package_rels(kXmlDeclaration);
    package_rels += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
                    "Target=\"xl/workbook.xml\"/></Relationships>";
    part("xl/workbook.xml", workbook);
    part("xl/_rels/workbook.xml.rels", rels);
    part("xl/styles.xml", styles);
    part("_rels/.rels", package_rels);
    part("[Content_Types].xml", types);
  }

  std::string sheet_name_;
  std::vector<std::string> names_, columns_;
  ZipStream zip_;
  int sheets_ = 0;
  uint32_t rows_ = 0;           // rows of the current sheet, its header included
  uint64_t sheet_bytes_ = 0;    // its XML so far
  std::string row_, pending_;
};

}  // namespace

std::unique_ptr<TableWriter> xlsx_table(const std::string& sheet_name) { return std::make_unique<XlsxTable>(sheet_name); }

}  // namespace rapport::exports
