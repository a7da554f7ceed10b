// A suite of the Access organisation whose server may reach services on 127.0.0.1 (the test's
// SMTP server or webhook receiver, allowed with --webhook-allow-host) and waits between attempts
// scaled down (RAPPORT_WEBHOOK_TIME_SCALE: 1 min becomes 6 ms).
#pragma once
#include <cstdlib>

#include "access_fixture.hpp"

namespace rapport::testing {

class LoopbackSuite : public Access {
 protected:
  static void SetUpTestSuite() { SetUpWith({}); }
  // A suite whose server takes `more` options besides.
  static void SetUpWith(const std::vector<std::string>& more) {
    server_args_ = {"--webhook-allow-host", "127.0.0.1"};
    server_args_.insert(server_args_.end(), more.begin(), more.end());
    ::setenv("RAPPORT_WEBHOOK_TIME_SCALE", "0.0001", 1);
    Access::SetUpTestSuite();
    ::unsetenv("RAPPORT_WEBHOOK_TIME_SCALE");
    server_args_.clear();
  }
};

}  // namespace rapport::testing
