// The vCard and XLSX readers' cost alone (no planner, no database): a file streamed in 64 KiB pieces
// through the reader sniff_file picks, as the import job will. Prints rows, seconds, rows/s and the
// peak resident memory, which must not grow with the file. It also writes test files:
//   rapport_import_formats_bench --make-vcf N FILE    N cards as Google exports them, a photo every 10th
//   rapport_import_formats_bench --make-xlsx N FILE   N rows of 8 columns (libxlsxwriter, constant memory)
//   rapport_import_formats_bench FILE
#include <sys/resource.h>
#include <xlsxwriter.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "modules/imports/file_reader.hpp"

using namespace rapport;

namespace {

int make_vcf(long n, const char* path) {
  std::ofstream out(path, std::ios::binary);
  std::string photo(4000, 'A');
  for (long i = 0; i < n; ++i) {
    std::string id = std::to_string(i);
    out << "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Given" << id << " Family" << id << "\r\nN:Family" << id << ";Given" << id
        << ";;;\r\nEMAIL;TYPE=INTERNET;TYPE=WORK:person" << id << "@example.com\r\nEMAIL;TYPE=INTERNET;TYPE=HOME:home" << id
        << "@example.org\r\nTEL;TYPE=CELL:+1 202 555 " << (1000 + i % 9000) << "\r\nORG:Company " << i % 1000
        << ";Sales\r\nTITLE:Account Executive\r\nADR;TYPE=WORK:;;1 Main St;Springfield;IL;62701;USA\r\n"
        << "NOTE:Met at the fair\\, booth " << id << "\\nfollow up\r\nBDAY:1980-01-31\r\n";
    if (i % 10 == 0)
      for (std::size_t at = 0; at < photo.size(); at += 74) out << (at ? " " : "PHOTO;ENCODING=b;TYPE=JPEG:") << photo.substr(at, 74) << "\r\n";
    out << "END:VCARD\r\n";
  }
  return out ? 0 : 1;
}

int make_xlsx(long n, const char* path) {
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  lxw_workbook* book = workbook_new_opt(path, &options);
  lxw_worksheet* sheet = workbook_add_worksheet(book, "Contacts");
  lxw_format* date = workbook_add_format(book);
  format_set_num_format(date, "yyyy-mm-dd");
  const char* header[] = {"First Name", "Last Name", "Email", "Company", "Phone", "Amount", "Created", "VIP"};
  for (lxw_col_t c = 0; c < 8; ++c) worksheet_write_string(sheet, 0, c, header[c], nullptr);
  for (long i = 0; i < n; ++i) {
    auto r = static_cast<lxw_row_t>(i + 1);
    std::string id = std::to_string(i);
    worksheet_write_string(sheet, r, 0, ("Given" + id).c_str(), nullptr);
    worksheet_write_string(sheet, r, 1, ("Family" + id).c_str(), nullptr);
    worksheet_write_string(sheet, r, 2, ("person" + id + "@example.com").c_str(), nullptr);
    worksheet_write_string(sheet, r, 3, ("Company " + std::to_string(i % 1000)).c_str(), nullptr);
    worksheet_write_string(sheet, r, 4, "+1 202 555 0143", nullptr);
    worksheet_write_number(sheet, r, 5, 1234.5 + static_cast<double>(i), nullptr);
    worksheet_write_number(sheet, r, 6, 45000 + static_cast<double>(i % 1000), date);
    worksheet_write_boolean(sheet, r, 7, static_cast<int>(i % 2), nullptr);
  }
  return workbook_close(book) == LXW_NO_ERROR ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string_view(argv[1]) == "--make-vcf") return make_vcf(std::atol(argv[2]), argv[3]);
  if (argc == 4 && std::string_view(argv[1]) == "--make-xlsx") return make_xlsx(std::atol(argv[2]), argv[3]);
  if (argc != 2) {
    std::cerr << "usage: rapport_import_formats_bench [--make-vcf N | --make-xlsx N] FILE\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "cannot open " << argv[1] << "\n";
    return 1;
  }
  auto started = std::chrono::steady_clock::now();
  std::string piece(64 * 1024, '\0');
  in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
  piece.resize(static_cast<std::size_t>(in.gcount()));
  auto kind = imports::sniff_file("", piece);
  if (!kind.kind) {
    std::cerr << kind.error << "\n";
    return 1;
  }
  auto reader = imports::open_reader(*kind.kind);
  uint64_t rows = 0, bytes = 0;
  while (!piece.empty()) {
    bytes += piece.size();
    reader->feed(piece);
    while (reader->next()) ++rows;
    piece.resize(64 * 1024);
    in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
    piece.resize(static_cast<std::size_t>(in.gcount()));
  }
  reader->finish();
  while (reader->next()) ++rows;
  if (!reader->error().empty()) std::cerr << "error: " << reader->error() << "\n";
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::cout << imports::file_kind_name(*kind.kind) << ": " << bytes << " bytes, " << rows << " records in " << seconds
            << " s, " << static_cast<uint64_t>(static_cast<double>(rows) / seconds) << " records/s, peak RSS "
            << usage.ru_maxrss / 1024 << " MB\n";
  return reader->error().empty() ? 0 : 1;
}
