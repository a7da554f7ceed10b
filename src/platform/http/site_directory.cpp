#include "platform/http/site_directory.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace rapport::http {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(out).str();
}

// What the views of a SiteFile point into.
struct Contents {
  std::string identity, gzip, br;
};

}  // namespace

DirectoryFiles::DirectoryFiles(const fs::path& root) {
  std::error_code ec;
  root_ = fs::canonical(root, ec);
  if (ec || !fs::is_directory(root_, ec))
    throw std::runtime_error("--web-dir " + root.string() + " is not a directory" + (ec ? " (" + ec.message() + ")" : ""));
}

std::optional<fs::path> DirectoryFiles::inside(const fs::path& relative) const {
  std::error_code ec;
  fs::path real = fs::canonical(root_ / relative, ec);
  if (ec || !fs::is_regular_file(real, ec)) return std::nullopt;
  // The real path must be root_ followed by more components: a symbolic link may not lead out.
  auto [r, p] = std::mismatch(root_.begin(), root_.end(), real.begin(), real.end());
  if (r != root_.end() || p == real.end()) return std::nullopt;
  return real;
}

std::optional<SiteFile> DirectoryFiles::find(std::string_view path) const {
  fs::path relative;
  for (const auto& seg : fs::path(std::string(path)).relative_path()) {
    const std::string name = seg.string();
    if (name.empty() || name.front() == '.') return std::nullopt;  // hidden files, and "." or ".." in any case
    relative /= seg;
  }
  if (relative.empty()) return std::nullopt;
  auto real = inside(relative);
  if (!real) return std::nullopt;
  auto contents = std::make_shared<Contents>();
  auto identity = read_file(*real);
  if (!identity) return std::nullopt;
  contents->identity = std::move(*identity);
  std::error_code ec;
  const auto written = fs::last_write_time(*real, ec);
  for (auto [suffix, slot] : {std::pair{".br", &contents->br}, std::pair{".gz", &contents->gzip}}) {
    fs::path variant_rel = relative;
    variant_rel += suffix;
    auto variant = inside(variant_rel);
    if (!variant || ec) continue;
    std::error_code vec;
    if (fs::last_write_time(*variant, vec) < written || vec) continue;  // left over from an older build
    if (auto bytes = read_file(*variant)) *slot = std::move(*bytes);
  }
  SiteFile f{contents->identity, contents->gzip, contents->br, content_etag(contents->identity), contents};
  return f;
}

}  // namespace rapport::http
