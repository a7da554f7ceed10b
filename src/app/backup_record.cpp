#include "app/backup_record.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "platform/clock.hpp"

namespace rapport::app {
namespace fs = std::filesystem;

namespace {

fs::path record_path(const std::string& data_dir) { return fs::path(data_dir) / "last-backup"; }

}  // namespace

void record_backup(const std::string& data_dir, int64_t finished_ms) {
  fs::path path = record_path(data_dir), tmp = path;
  tmp += ".tmp";
  bool written = false;
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << clock::format_ms(finished_ms) << "\n";
    written = static_cast<bool>(out.flush());
  }
  std::error_code ec;
  if (written) fs::rename(tmp, path, ec);
  if (!written || ec) {
    fs::remove(tmp, ec);  // a full disk left it empty: not a file of the data directory's
    throw std::runtime_error("cannot write " + tmp.string());
  }
}

std::optional<int64_t> last_backup_ms(const std::string& data_dir) {
  std::ifstream in(record_path(data_dir));
  std::string text;
  if (!std::getline(in, text)) return std::nullopt;
  return clock::parse_datetime(text);
}

}  // namespace rapport::app
