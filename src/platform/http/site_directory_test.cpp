#include "platform/http/site_directory.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace rapport::http {
namespace {

namespace fs = std::filesystem;

class SiteDirectory : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("rapport-site-test-" + std::to_string(::getpid()));
    fs::remove_all(base_);
    fs::create_directories(base_ / "dist" / "assets");
    write("dist/index.html", "<html>");
    write("dist/assets/app-1.js", "js");
    write("secret.txt", "outside");
  }
  void TearDown() override { fs::remove_all(base_); }
  void write(const std::string& rel, const std::string& text) { std::ofstream(base_ / rel, std::ios::binary) << text; }

  fs::path base_;
};

TEST_F(SiteDirectory, ReadsFilesAgainAtEachRequest) {
  DirectoryFiles files(base_ / "dist");
  auto f = files.find("/assets/app-1.js");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->identity, "js");
  EXPECT_EQ(f->etag, content_etag("js"));
  EXPECT_TRUE(f->gzip.empty());
  write("dist/assets/app-1.js", "js2");
  EXPECT_EQ(files.find("/assets/app-1.js")->identity, "js2");
  EXPECT_FALSE(files.find("/assets/missing.js"));
  EXPECT_FALSE(files.find("/assets"));  // a directory is not a file
  EXPECT_FALSE(files.find("/"));
}

TEST_F(SiteDirectory, UsesPrecompressedVariantsNoOlderThanTheFile) {
  write("dist/assets/app-1.js.br", "BR");
  write("dist/assets/app-1.js.gz", "GZ");
  DirectoryFiles files(base_ / "dist");
  auto f = files.find("/assets/app-1.js");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->br, "BR");
  EXPECT_EQ(f->gzip, "GZ");
  // A variant older than its file was left by an earlier build: ignored.
  fs::last_write_time(base_ / "dist/assets/app-1.js.gz", fs::last_write_time(base_ / "dist/assets/app-1.js") - std::chrono::hours(1));
  f = files.find("/assets/app-1.js");
  EXPECT_TRUE(f->gzip.empty());
  EXPECT_EQ(f->br, "BR");
}

TEST_F(SiteDirectory, NothingOutsideTheDirectoryIsReachable) {
  fs::create_symlink(base_ / "secret.txt", base_ / "dist" / "link.txt");
  fs::create_directory_symlink(base_, base_ / "dist" / "up");
  write("dist/.env", "hidden");
  DirectoryFiles files(base_ / "dist");
  EXPECT_FALSE(files.find("/../secret.txt"));
  EXPECT_FALSE(files.find("/assets/../../secret.txt"));
  EXPECT_FALSE(files.find("/link.txt"));
  EXPECT_FALSE(files.find("/up/secret.txt"));
  EXPECT_FALSE(files.find("/.env"));
  // A link that stays inside is followed.
  fs::create_symlink(base_ / "dist" / "index.html", base_ / "dist" / "home.html");
  EXPECT_TRUE(files.find("/home.html"));
}

TEST_F(SiteDirectory, RefusesARootThatIsNotADirectory) {
  EXPECT_THROW(DirectoryFiles(base_ / "nothing"), std::runtime_error);
  EXPECT_THROW(DirectoryFiles(base_ / "secret.txt"), std::runtime_error);
}

}  // namespace
}  // namespace rapport::http
