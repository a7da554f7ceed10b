#include <gtest/gtest.h>

#include "harness_answers.hpp"

#include <string>

namespace {

// gtest skips every test of a suite whose SetUpTestSuite failed (the server did not come up, a login
// failed) and ctest then reports those tests "Skipped", so a run could pass with whole suites
// untested. This listener turns each such test into a failure that names the setup's failure.
class SuiteSetupFailuresFail : public ::testing::EmptyTestEventListener {
  void OnTestStart(const ::testing::TestInfo&) override {
    const ::testing::TestSuite* suite = ::testing::UnitTest::GetInstance()->current_test_suite();
    if (suite == nullptr || !suite->ad_hoc_test_result().Failed()) return;
    const ::testing::TestResult& setup = suite->ad_hoc_test_result();
    std::string why;
    for (int i = 0; i < setup.total_part_count(); ++i) {
      const auto& part = setup.GetTestPartResult(i);
      if (part.failed()) why += std::string("\n  ") + part.message();
    }
    ADD_FAILURE() << "not run: the setup of suite " << suite->name() << " failed:" << why;
  }
};

// Marks each test that starts in the recorded answers (tests/functional/harness_answers.hpp).
class RecordTestsRun : public ::testing::EmptyTestEventListener {
  void OnTestStart(const ::testing::TestInfo& info) override {
    rapport::testing::record_test_started(std::string(info.test_suite_name()) + "." + info.name());
  }
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  // Appended after the default printer, so the failure shows under the test's "[ RUN      ]" line.
  ::testing::UnitTest::GetInstance()->listeners().Append(new SuiteSetupFailuresFail);
  ::testing::UnitTest::GetInstance()->listeners().Append(new RecordTestsRun);
  return RUN_ALL_TESTS();
}
