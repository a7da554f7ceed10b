#include "platform/db/sqlite_profile.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "platform/db/sqlite.hpp"
#include "platform/test_temp_dir.hpp"

namespace rapport::db {
namespace {
namespace fs = std::filesystem;

TEST(SqliteProfile, AConnectionWritesEachStatementsRunsWhenItClosesOnlyWhenAsked) {
  const TempDir temp("rapport-profile");
  const fs::path& dir = temp.dir;
  const fs::path out = dir / "profile.txt";
  {
    SqliteConnection c((dir / "off.db").string(), false);  // the variable unset: nothing written
    c.exec("CREATE TABLE t(x)");
  }
  EXPECT_FALSE(fs::exists(out));
  ::setenv("RAPPORT_SQLITE_PROFILE", out.c_str(), 1);
  {
    SqliteConnection c((dir / "on.db").string(), false);
    c.exec("CREATE TABLE t(x)");
    for (int i = 0; i < 3; ++i) c.prepare("INSERT INTO t(x) VALUES (?)").bind(1, int64_t{i}).run();
  }
  ::unsetenv("RAPPORT_SQLITE_PROFILE");
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("-- writer connection"), std::string::npos) << text.str();
  // "<ms> <runs>  <sql>": the insert ran three times.
  std::istringstream lines(text.str());
  bool found = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("INSERT INTO t(x) VALUES (?)") == std::string::npos) continue;
    std::istringstream fields(line);
    double ms = -1;
    long long runs = 0;
    fields >> ms >> runs;
    EXPECT_GE(ms, 0);
    EXPECT_EQ(runs, 3);
    found = true;
  }
  EXPECT_TRUE(found) << text.str();
}

}  // namespace
}  // namespace rapport::db
