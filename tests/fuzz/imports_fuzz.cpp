// libFuzzer target for the import parsers (src/modules/imports): bytes from the fuzzer become a CSV
// file read whole and in pieces, and cells for the date and money converters. Checked beyond "no
// crash, no leak, no undefined behaviour" (ASan + UBSan): the reading does not depend on how the
// bytes are cut, records respect the limits, and what a converter accepts is in range.
// Build and run: bash scripts/fuzz.sh [seconds] csv
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "modules/imports/convert_date.hpp"
#include "modules/imports/convert_money.hpp"
#include "modules/imports/csv_reader.hpp"
#include "modules/imports/read_records.hpp"
#include "platform/money.hpp"

using namespace rapport::imports;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void fuzz_csv(std::string_view bytes, std::size_t piece) {
  CsvLimits limits{.max_field_bytes = 256, .max_record_bytes = 1024, .max_fields = 32, .sniff_bytes = 64};
  CsvFile whole = read_csv(bytes, limits);
  CsvReader reader(limits);
  std::vector<CsvRecord> records;
  bool ok = read_records(reader, bytes, piece, records);
  check(ok == whole.error.empty());
  if (ok) {
    check(records.size() == whole.records.size());
    for (std::size_t i = 0; i < records.size(); ++i) check(records[i].fields == whole.records[i].fields);
  }
  for (const auto& r : whole.records) {
    check(r.fields.size() <= limits.max_fields);
    for (const auto& f : r.fields) check(f.size() <= limits.max_field_bytes);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t piece = 1 + data[0] % 17;
  fuzz_csv(bytes, piece);
  if (bytes.size() <= 64) {
    auto m = convert_money(bytes, data[0] & 1 ? "EUR" : "");
    if (m.ok() && m.value) check(rapport::money::in_range(m.value->minor));
    auto d = read_wall_time(bytes, data[0] & 2 ? DateOrder::DayMonthYear : DateOrder::MonthDayYear);
    if (d.ok() && d.value) check(d.value->month >= 1 && d.value->month <= 12 && d.value->day >= 1 && d.value->day <= 31);
  }
  return 0;
}
