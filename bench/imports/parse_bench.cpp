// The import's parsing cost alone, without the database: a CSV file streamed in 64 KiB pieces through
// the reader (decoding, records) and the row planner (matching, converting every cell), as the
// import job does before writing. Prints rows, seconds, rows/s and the peak resident memory, which
// must not grow with the file (bench/import.sh will add the writes; docs/benchmarks.md has figures).
// Usage: rapport_import_parse_bench FILE [object]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "modules/customers/specs.hpp"
#include "modules/imports/row_plan.hpp"
#include "modules/sales/specs.hpp"

using namespace rapport;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: rapport_import_parse_bench FILE [contacts|companies|deals|leads]\n";
    return 2;
  }
  std::string object = argc > 2 ? argv[2] : "contacts";
  const records::ObjectSpec& spec = object == "companies" ? customers::company_spec()
                                    : object == "deals"   ? sales::deal_spec()
                                    : object == "leads"   ? sales::lead_spec()
                                                          : customers::contact_spec();
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "cannot open " << argv[1] << "\n";
    return 1;
  }
  auto started = std::chrono::steady_clock::now();
  auto targets = imports::import_targets(spec, {});
  imports::CsvReader reader;
  std::unique_ptr<imports::RowPlanner> planner;
  imports::ImportOptions options;
  options.region = "US";
  options.currency = "USD";
  uint64_t rows = 0, failed = 0;
  auto drain = [&] {
    while (auto r = reader.next()) {
      if (!planner) {
        auto matches = imports::match_columns(object, r->fields, targets);
        planner = std::make_unique<imports::RowPlanner>(object, targets, r->fields, matches, options,
                                                        *jobs::time_zone("UTC"));
        continue;
      }
      auto plan = planner->plan(*r);
      ++rows;
      if (!plan.errors.empty()) ++failed;
    }
  };
  std::string piece(64 * 1024, '\0');
  while (in) {
    in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
    if (!reader.feed(std::string_view(piece.data(), static_cast<std::size_t>(in.gcount())))) break;
    drain();
  }
  bool ok = reader.error().empty() && reader.finish();
  drain();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("{\"rows\": %llu, \"failed\": %llu, \"seconds\": %.2f, \"rows_per_s\": %.0f, \"peak_rss_mb\": %.1f, "
              "\"encoding\": \"%s\", \"error\": \"%s\"}\n",
              static_cast<unsigned long long>(rows), static_cast<unsigned long long>(failed), seconds, rows / seconds,
              usage.ru_maxrss / 1024.0, std::string(imports::encoding_name(reader.encoding())).c_str(),
              ok ? "" : reader.error().c_str());
  return ok ? 0 : 1;
}
