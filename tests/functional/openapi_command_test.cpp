// `rapport openapi` prints the document the server serves, without serving (the web UI's build
// generates its API types from it, through rapport_openapi: cmake/web.cmake).
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fixture.hpp"

namespace rapport::testing {
namespace {

class OpenApiCommand : public ServerTest {};

TEST_F(OpenApiCommand, PrintsTheServedDocument) {
  auto served = http().request("GET", "/api/v1/openapi.json");
  ASSERT_EQ(served.status, 200);
  auto printed = run_rapport({"openapi"});
  ASSERT_EQ(printed.exit_code, 0) << printed.output;
  EXPECT_EQ(boost::json::parse(printed.output), boost::json::parse(served.body));
}

TEST_F(OpenApiCommand, WritesAFileOnlyWhenItChanges) {
  const std::string dir = make_temp_dir("rapport-openapi-");
  const std::string out = dir + "/openapi.json";
  ASSERT_EQ(run_rapport({"openapi", "--out", out}).exit_code, 0);
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(boost::json::parse(text.str()), boost::json::parse(http().request("GET", "/api/v1/openapi.json").body));
  // The same document again: the file is left as it was (a build depending on it does not rerun).
  auto before = std::filesystem::last_write_time(out);
  std::filesystem::last_write_time(out, before - std::chrono::hours(1));
  ASSERT_EQ(run_rapport({"openapi", "--out", out}).exit_code, 0);
  EXPECT_EQ(std::filesystem::last_write_time(out), before - std::chrono::hours(1));
  // A different one is replaced.
  std::ofstream(out) << "{}";
  ASSERT_EQ(run_rapport({"openapi", "--out", out}).exit_code, 0);
  EXPECT_GT(std::filesystem::file_size(out), 1000u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace rapport::testing
