// For tests only: a directory of their own under the system's temporary directory, removed with
// everything in it when the object goes, also when a failed assertion ends the test early.
#pragma once
#include <stdlib.h>

#include <cerrno>
#include <filesystem>
#include <string>
#include <system_error>

namespace rapport {

class TempDir {
 public:
  // `prefix` names the directory (prefix-XXXXXX) so that a leftover says which test made it.
  explicit TempDir(const std::string& prefix = "rapport-test") {
    std::string t = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (!::mkdtemp(t.data())) throw std::system_error(errno, std::generic_category(), "mkdtemp " + t);
    dir = t;
  }
  ~TempDir() {
    std::error_code ignored;  // a test that removed it, or files the test left open: nothing to do
    std::filesystem::remove_all(dir, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // A path inside the directory.
  std::string file(const std::string& name) const { return (dir / name).string(); }

  std::filesystem::path dir;
};

// A test's SQLite file ("t.db") in a directory of its own.
class TempDbFile : public TempDir {
 public:
  TempDbFile() : TempDir("rapport-dbtest") {}
  std::string path() const { return file("t.db"); }
};

}  // namespace rapport
