// The loop every reader of the module is driven by (CsvReader, VcardReader, XlsxReader, RecordReader):
// the file's bytes fed in pieces, each ready record taken as it comes, then the end of the file.
#pragma once
#include <string_view>
#include <vector>

#include "modules/imports/csv_reader.hpp"

namespace rapport::imports {

// Appends the records of `bytes` fed in pieces of `piece` bytes to `out`; false on the reader's error
// (the records before it are appended).
template <class Reader>
bool read_records(Reader& reader, std::string_view bytes, std::size_t piece, std::vector<CsvRecord>& out) {
  bool ok = true;
  for (std::size_t i = 0; ok && i < bytes.size(); i += piece) {
    ok = reader.feed(bytes.substr(i, piece));
    while (auto r = reader.next()) out.push_back(std::move(*r));
  }
  ok = ok && reader.finish();
  while (auto r = reader.next()) out.push_back(std::move(*r));
  return ok;
}

}  // namespace rapport::imports
