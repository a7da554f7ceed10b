#include <xlsxwriter.h>

#include <cstdio>
#include <stdexcept>
#include <unistd.h>

#include "platform/export/table.hpp"

namespace rapport::exports {
namespace {

constexpr std::size_t kMaxCellText = 32767;  // the most characters an Excel cell holds

// s cut to at most max bytes without splitting a UTF-8 sequence.
std::string_view cut(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

class XlsxTable final : public TableWriter {
 public:
  XlsxTable(std::string sheet_name, const std::string& tmp_dir) : sheet_name_(std::move(sheet_name)), tmp_dir_(tmp_dir) {
    path_ = tmp_dir + "/rapport-export-XXXXXX.xlsx";
    int fd = mkstemps(path_.data(), 5);
    if (fd < 0) throw std::runtime_error("cannot create a temporary file in " + tmp_dir);
    ::close(fd);
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;  // each row goes to a temporary file once the next one starts
    options.tmpdir = tmp_dir_.data();
    options.use_zip64 = LXW_TRUE;        // a million rows can pass the 4 GiB of a plain zip
    book_ = workbook_new_opt(path_.c_str(), &options);
    if (!book_) throw std::runtime_error("cannot start an XLSX workbook");
    add_sheet();
  }
  ~XlsxTable() override {
    if (book_) workbook_close(book_);  // frees it; the file is removed below anyway
    if (file_) std::fclose(file_);
    std::remove(path_.c_str());
  }

  void header(const std::vector<std::string>& names) override {
    names_ = names;
    write_header();
  }

  void row(const std::vector<Cell>& cells) override {
    if (next_row_ >= LXW_ROW_MAX) {  // a sheet is full: the rows go on in the next, under the same header
      add_sheet();
      write_header();
    }
    for (std::size_t i = 0; i < cells.size() && i < LXW_COL_MAX; ++i) {
      const auto col = static_cast<lxw_col_t>(i);
      const Cell& c = cells[i];
      if (auto* s = std::get_if<std::string>(&c)) {
        if (!s->empty()) check(worksheet_write_string(sheet_, next_row_, col, std::string(cut(*s, kMaxCellText)).c_str(), nullptr));
      } else if (auto* n = std::get_if<int64_t>(&c)) {
        check(worksheet_write_number(sheet_, next_row_, col, static_cast<double>(*n), nullptr));
      } else if (auto* d = std::get_if<double>(&c)) {
        check(worksheet_write_number(sheet_, next_row_, col, *d, nullptr));
      }
    }
    ++next_row_;
  }

  void drain(std::string&) override {}

  bool finish(std::string& out) override {
    if (book_) {
      lxw_error e = workbook_close(book_);
      book_ = nullptr;
      if (e != LXW_NO_ERROR) throw std::runtime_error(std::string("cannot write the XLSX workbook: ") + lxw_strerror(e));
      file_ = std::fopen(path_.c_str(), "rb");
      if (!file_) throw std::runtime_error("cannot read the XLSX workbook back");
    }
    std::size_t at = out.size();
    out.resize(at + kPiece);
    std::size_t n = std::fread(out.data() + at, 1, kPiece, file_);
    out.resize(at + n);
    if (n == kPiece) return true;
    if (std::ferror(file_)) throw std::runtime_error("cannot read the XLSX workbook back");
    return false;
  }

 private:
  void add_sheet() {
    ++sheets_;
    std::string name = sheet_name_.substr(0, 25);
    if (sheets_ > 1) {
      name += ' ';
      name += std::to_string(sheets_);  // appended apart: GCC 12 warns falsely on " " + to_string
    }
    sheet_ = workbook_add_worksheet(book_, name.c_str());
    if (!sheet_) throw std::runtime_error("cannot add a sheet to the XLSX workbook");
    next_row_ = 0;
  }
  void write_header() {
    for (std::size_t i = 0; i < names_.size() && i < LXW_COL_MAX; ++i)
      check(worksheet_write_string(sheet_, 0, static_cast<lxw_col_t>(i), names_[i].c_str(), nullptr));
    next_row_ = 1;
  }
  static void check(lxw_error e) {
    if (e != LXW_NO_ERROR) throw std::runtime_error(std::string("cannot write an XLSX cell: ") + lxw_strerror(e));
  }

  std::string sheet_name_, tmp_dir_, path_;
  std::vector<std::string> names_;
  lxw_workbook* book_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  lxw_row_t next_row_ = 0;
  int sheets_ = 0;
  std::FILE* file_ = nullptr;
};

}  // namespace

std::unique_ptr<TableWriter> xlsx_table(const std::string& sheet_name, const std::string& tmp_dir) {
  return std::make_unique<XlsxTable>(sheet_name, tmp_dir);
}

}  // namespace rapport::exports
