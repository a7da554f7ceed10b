#include "app/data_directory.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace rapport::app {
namespace {
namespace fs = std::filesystem;

struct Dir {
  fs::path path = fs::temp_directory_path() / ("rapport-datadir-" + std::to_string(::getpid()));
  Dir() { fs::create_directories(path); }
  ~Dir() {
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(path);
  }
};

int mode(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

TEST(DataDirectory, ProblemsAreFoundWithoutCreatingAnything) {
  Dir dir;
  EXPECT_EQ(data_directory_problem(dir.path.string()), std::nullopt);
  EXPECT_EQ(data_directory_problem((dir.path / "a" / "b").string()), std::nullopt);  // would be created
  EXPECT_FALSE(fs::exists(dir.path / "a"));
  std::ofstream(dir.path / "file") << "x";
  auto not_dir = data_directory_problem((dir.path / "file").string());
  ASSERT_TRUE(not_dir);
  EXPECT_NE(not_dir->find("is not a directory"), std::string::npos) << *not_dir;
  auto under_file = data_directory_problem((dir.path / "file" / "data").string());
  ASSERT_TRUE(under_file);
  EXPECT_NE(under_file->find("is not a directory"), std::string::npos) << *under_file;
  if (::geteuid() != 0) {  // root may write anywhere
    fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec, fs::perm_options::replace);
    auto read_only = data_directory_problem((dir.path / "data").string());
    ASSERT_TRUE(read_only);
    EXPECT_NE(read_only->find("not writable"), std::string::npos) << *read_only;
  }
}

TEST(DataDirectory, CreatedOwnerOnly) {
  Dir dir;
  auto file = prepare_sqlite_file((dir.path / "data").string());
  EXPECT_EQ(mode(dir.path / "data"), 0700);
  EXPECT_EQ(mode(file), 0600);
  EXPECT_EQ(fs::file_size(file), 0u);  // SQLite fills it
  // An existing directory keeps its mode.
  fs::permissions(dir.path / "data", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec, fs::perm_options::replace);
  prepare_sqlite_file((dir.path / "data").string());
  EXPECT_EQ(mode(dir.path / "data"), 0750);
}

}  // namespace
}  // namespace rapport::app
