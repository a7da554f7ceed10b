// A test of the harness itself: a suite whose setup fails must fail, not be skipped (main.cpp).
// RAPPORT_TEST_BREAK_SETUP=server gives the suite's server an option it refuses, so it never comes
// up; =login signs in with a wrong password. tests/harness_setup_failure.sh runs this suite both ways
// and checks that gtest and ctest report failures. Without the variable the suite runs normally.
#include <cstdlib>
#include <string>

#include "fixture.hpp"

namespace rapport::testing {
namespace {

class HarnessSetup : public ServerTest {
 protected:
  static void SetUpTestSuite() {
    const char* env = std::getenv("RAPPORT_TEST_BREAK_SETUP");
    const std::string mode = env ? env : "";
    if (mode.empty()) return ServerTest::SetUpTestSuite();
    server_ = new ServerProcess(mode == "server" ? std::vector<std::string>{"--no-such-option"} : std::vector<std::string>{});
    client_ = new HttpClient(server_->port());
    token_ = login(*client_, ServerProcess::admin_email(), "not-the-admin-password");
  }
};

TEST_F(HarnessSetup, TheSuiteServerAnswersTheSignedInAdmin) {
  auto r = get("/api/v1/auth/me");
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(HarnessSetup, ASecondTestOfTheSuiteRunsToo) { EXPECT_FALSE(token().empty()); }

}  // namespace
}  // namespace rapport::testing
