// An email with an account in several workspaces: a sign-in without the workspace's name answers
// exactly like a wrong password, and costs a throttled attempt, until the password is right; only
// then is the workspace asked for (422).
#include <thread>

#include "auth_helpers.hpp"
#include "fixture.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace {

const std::string kWrong = "not-the-password";
const std::string kSecondPassword = "second-workspace-pass";

// The problem without its per-request members.
json::value stable(const HttpResponse& r) {
  json::value j = r.json();
  if (j.is_object()) {
    j.as_object().erase("instance");
    j.as_object().erase("request_id");
  }
  return j;
}

TEST(SeveralWorkspaces, AWrongPasswordAnswersLikeAnUnknownEmailAndIsThrottled) {
  ServerProcess server;
  HttpClient c(server.port());
  const std::string email = ServerProcess::admin_email();
  auto ws = run_rapport({"workspace", "create", "--name", "Second", "--admin-email", email, "--data", server.data_dir()},
                        {{"RAPPORT_ADMIN_PASSWORD", kSecondPassword}});
  ASSERT_EQ(ws.exit_code, 0) << ws.output;

  for (int i = 0; i < 5; ++i) {
    auto several = try_login(c, email, kWrong);
    auto unknown = try_login(c, "nobody-" + std::to_string(i) + "@functional.test", kWrong);
    ASSERT_EQ(several.status, 401) << i << ": " << several.body;
    EXPECT_EQ(stable(several), stable(unknown)) << "the answer tells that the email has several accounts";
    EXPECT_EQ(several.body.find("workspace"), std::string::npos) << several.body;
  }
  // Five failures: the account waits, whatever the password (nothing is checked).
  auto throttled = try_login(c, email, ServerProcess::admin_password());
  ASSERT_EQ(throttled.status, 429) << throttled.body;
  EXPECT_EQ(slug(throttled), "login-throttled");
  int retry = std::stoi(throttled.header("retry-after"));
  EXPECT_GE(retry, 1);
  EXPECT_EQ(metric(c, "rapport_login_failures_total"), 5);

  // Each account's workspace has the failures in its audit log.
  auto accounts = query_database(server.data_dir(), "SELECT id FROM users WHERE lower(email) = lower(?) ORDER BY id", {email});
  ASSERT_EQ(accounts.size(), 2u);
  for (const auto& a : accounts) EXPECT_EQ(count_of(audit_actions(server.data_dir(), a[0]), "login_failed"), 5) << a[0];

  // The right password of either account: now the workspace is asked for, and that attempt is not
  // counted as a failure.
  std::this_thread::sleep_for(std::chrono::seconds(retry) + std::chrono::milliseconds(200));
  for (const auto& password : {ServerProcess::admin_password(), kSecondPassword}) {
    auto ask = try_login(c, email, password);
    ASSERT_EQ(ask.status, 422) << ask.body;
    EXPECT_EQ(error_fields(ask), std::vector<std::string>{"workspace"}) << ask.body;
  }
  auto rows = query_database(server.data_dir(), "SELECT count(*) FROM login_failures WHERE key = ?", {"acct:" + email});
  EXPECT_EQ(rows[0][0], "5");
  json::value named = json::object{{"email", email}, {"password", kSecondPassword}, {"workspace", "Second"}};
  auto ok = c.call("POST", "/api/v1/auth/login", "", &named);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(text(c.call("GET", "/api/v1/auth/me", text(ok.json(), "token")).json(), "workspace_name"), "Second");
}

}  // namespace
}  // namespace rapport::testing
