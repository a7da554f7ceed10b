// libFuzzer target for the vCard reader (src/modules/imports/vcard_reader.hpp): bytes from the fuzzer
// are a .vcf file read whole and in pieces. Checked beyond "no crash, no leak, no undefined behaviour"
// (ASan + UBSan): a file read without error is read alike however the bytes are cut, every record has the header's
// columns, every cell is UTF-8, and the card limits hold.
// Build and run: bash scripts/fuzz.sh [seconds] vcard
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "modules/imports/read_records.hpp"
#include "modules/imports/vcard_reader.hpp"
#include "modules/imports/vcard_text.hpp"
#include "platform/utf8.hpp"

using namespace rapport::imports;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t piece = 1 + data[0] % 23;
  VcardLimits limits{.max_line_bytes = 256, .max_card_bytes = 2048, .max_properties = 16};
  VcardFile whole = read_vcards(bytes, limits);
  VcardReader reader(limits);
  std::vector<CsvRecord> records;
  bool ok = read_records(reader, bytes, piece, records);
  // On an error the records before it depend on the pieces (a NUL byte fails the piece it is in,
  // before that piece's cards are read), and so may which error comes first.
  check(ok == whole.error.empty());
  if (ok) {
    check(records.size() == whole.records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
      check(records[i].fields == whole.records[i].fields);
      check(records[i].line == whole.records[i].line);
    }
  }
  if (!whole.records.empty()) check(whole.records[0].fields == kVcardColumns);
  for (const auto& r : whole.records) {
    check(r.fields.size() == kVcardColumns.size());
    for (const auto& f : r.fields) {
      check(rapport::utf8::valid(f));
      check(f.size() <= limits.max_card_bytes * 3);  // Windows-1252 letters take up to 3 bytes in UTF-8
    }
  }
  // The value rules alone, on short values.
  if (bytes.size() <= 128) {
    check(rapport::utf8::valid(text_in_charset(decode_quoted_printable(bytes), data[0] & 1 ? "ISO-8859-2" : "")));
    auto b = birthday_iso(bytes);
    check(b.empty() || (b.size() == 10 && b[4] == '-' && b[7] == '-'));
    for (const auto& part : split_components(bytes)) check(part.size() <= bytes.size());
  }
  return 0;
}
