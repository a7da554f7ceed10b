#include "app/data_lock.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

namespace rapport::app {
namespace {
namespace fs = std::filesystem;

struct LockDir {
  fs::path path = fs::temp_directory_path() / ("rapport-lock-" + std::to_string(::getpid()));
  LockDir() { fs::create_directories(path); }
  ~LockDir() { fs::remove_all(path); }
};

TEST(DataLock, ASecondHolderIsRefusedNamingTheFirstUntilItLetsGo) {
  LockDir dir;
  {
    DataLock first(dir.path.string(), "rapport serve on 127.0.0.1:8080");
    struct stat st {};
    ASSERT_EQ(::stat(DataLock::file_in(dir.path.string()).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    try {
      DataLock second(dir.path.string(), "rapport migrate");
      ADD_FAILURE() << "the lock was taken twice";
    } catch (const DataDirectoryInUse& e) {
      EXPECT_EQ(std::string(e.what()).find("the data directory " + dir.path.string() +
                                           " is in use by rapport serve on 127.0.0.1:8080, pid " + std::to_string(::getpid()) +
                                           ", started "),
                0u)
          << e.what();
    }
  }
  DataLock again(dir.path.string(), "rapport migrate");  // released with the first
}

TEST(DataLock, AMissingDirectoryIsAnErrorNotACreation) {
  LockDir dir;
  EXPECT_THROW(DataLock((dir.path / "absent").string(), "rapport serve"), std::runtime_error);
  EXPECT_FALSE(fs::exists(dir.path / "absent"));
}

}  // namespace
}  // namespace rapport::app
