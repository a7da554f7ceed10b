// The web UI's files read from a directory (rapport serve --web-dir DIR), for UI development: each
// request reads the file again, so a new build of the UI shows at the next reload without a restart.
// A precompressed FILE.br or FILE.gz beside FILE is used when it is not older than FILE (the build's
// web/scripts/precompress.mjs writes them). Nothing outside DIR is reachable: a path whose real
// location (symbolic links resolved) leaves DIR is not found, and neither is a hidden (dot) file.
#pragma once
#include <filesystem>

#include "platform/http/static_site.hpp"

namespace rapport::http {

class DirectoryFiles : public SiteFiles {
 public:
  // Throws std::runtime_error when root is not a readable directory.
  explicit DirectoryFiles(const std::filesystem::path& root);
  std::optional<SiteFile> find(std::string_view path) const override;

 private:
  // The real path of root/relative when it is a regular file inside root, else nullopt.
  std::optional<std::filesystem::path> inside(const std::filesystem::path& relative) const;

  std::filesystem::path root_;  // canonical
};

}  // namespace rapport::http
