#include <charconv>

#include "platform/export/csv.hpp"
#include "platform/export/table.hpp"

namespace rapport::exports {
namespace {

class CsvTable final : public TableWriter {
 public:
  explicit CsvTable(bool bom) {
    if (bom) buf_ += csv::kUtf8Bom;
  }
  void header(const std::vector<std::string>& names) override { csv::append_row(buf_, names); }
  void row(const std::vector<Cell>& cells) override {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) buf_ += ',';
      const Cell& c = cells[i];
      if (auto* s = std::get_if<std::string>(&c)) csv::append_field(buf_, *s);
      else if (auto* n = std::get_if<int64_t>(&c)) buf_ += std::to_string(*n);
      else if (auto* d = std::get_if<double>(&c)) append_double(*d);
      else if (auto* dec = std::get_if<Decimal>(&c)) buf_ += dec->text;
    }
    buf_ += "\r\n";
  }
  void drain(std::string& out) override {
    out += buf_;
    buf_.clear();
  }
  bool finish(std::string& out) override {
    drain(out);
    return false;
  }

 private:
  void append_double(double d) {
    char tmp[32];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, d);  // shortest text that reads back the same
    buf_.append(tmp, r.ptr);
  }
  std::string buf_;
};

}  // namespace

std::unique_ptr<TableWriter> csv_table(bool bom) { return std::make_unique<CsvTable>(bom); }

}  // namespace rapport::exports
