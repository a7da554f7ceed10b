// libFuzzer target for the XLSX reader (src/modules/imports/xlsx_reader.hpp). The fuzzer's bytes are
// either the archive itself (first byte odd: the ZIP layer and what the reader makes of a broken one)
// or, far more often useful, the XML of a workbook's parts put into a real ZIP here: the sheet, the
// shared strings, the styles and the workbook, separated by 0xFF bytes, so that the SAX handlers meet
// every oddity. Checked beyond "no crash, no leak, no undefined behaviour" (ASan + UBSan): rows and
// columns stay within the limits, row numbers rise, and the cell value rules (xlsx_values.hpp) keep
// their promises.
// Build and run: bash scripts/fuzz.sh [seconds] xlsx
#include <zip.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "modules/imports/xlsx_reader.hpp"
#include "modules/imports/xlsx_values.hpp"
#include "platform/utf8.hpp"

using namespace rapport::imports;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

// A ZIP (stored, not deflated: faster) of the given parts, made in memory.
std::string zip_of(const std::vector<std::pair<const char*, std::string_view>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  for (const auto& [name, text] : parts) {
    zip_source_t* s = zip_source_buffer(z, text.data(), text.size(), 0);
    zip_int64_t index = zip_file_add(z, name, s, ZIP_FL_OVERWRITE);
    zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  zip_close(z);
  std::string out;
  if (zip_source_open(buffer) == 0) {
    zip_source_seek(buffer, 0, SEEK_END);
    out.resize(static_cast<std::size_t>(zip_source_tell(buffer)));
    zip_source_seek(buffer, 0, SEEK_SET);
    zip_source_read(buffer, out.data(), out.size());
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

constexpr std::string_view kRels =
    "<Relationships><Relationship Id=\"r1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"r2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"r3\" Type=\"x/styles\" Target=\"styles.xml\"/></Relationships>";
constexpr std::string_view kWorkbook =
    "<workbook><workbookPr date1904=\"0\"/><sheets><sheet name=\"S\" r:id=\"r1\"/></sheets></workbook>";

void values(std::string_view text, uint8_t flags) {
  date_format_kind(text);
  auto n = number_text(text);
  check(!n.empty() || text.empty());
  if (auto c = column_of(text)) check(*c < 16384 && column_of(column_name(*c)) == c);
  if (rapport::utf8::valid(text)) check(rapport::utf8::valid(unescape_ooxml(text)));
  if (text.size() >= sizeof(double)) {
    double serial;
    std::memcpy(&serial, text.data(), sizeof serial);
    auto kind = static_cast<DateKind>(flags % 4);
    if (auto d = serial_date_text(serial, kind, flags & 4)) check(d->size() == 8 || d->size() == 10 || d->size() == 19);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  XlsxLimits limits{.max_rows = 64, .max_columns = 32, .max_cell_bytes = 256};
  limits.max_shared_strings_bytes = 4096;
  std::string archive;
  if (data[0] & 1) {
    archive = std::string(bytes);
  } else {
    std::string_view parts[4] = {"<worksheet/>", "<sst/>", "<styleSheet/>", kWorkbook};
    std::string_view rest = bytes;
    for (auto& part : parts) {
      if (rest.empty()) break;
      auto sep = rest.find('\xFF');
      part = rest.substr(0, sep);
      rest = sep == std::string_view::npos ? std::string_view{} : rest.substr(sep + 1);
    }
    archive = zip_of({{"xl/worksheets/sheet1.xml", parts[0]}, {"xl/sharedStrings.xml", parts[1]},
                      {"xl/styles.xml", parts[2]}, {"xl/workbook.xml", parts[3]}, {"xl/_rels/workbook.xml.rels", kRels}});
  }
  XlsxFile f = read_xlsx(archive, limits, data[0] & 2 ? "s" : "");
  check(f.records.size() <= limits.max_rows);
  uint64_t last = 0;
  for (const auto& r : f.records) {
    check(!r.fields.empty() && r.fields.size() <= limits.max_columns);
    check(r.line > last);
    last = r.line;
  }
  if (bytes.size() <= 64) values(bytes, data[0]);
  return 0;
}
