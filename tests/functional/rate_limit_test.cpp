// The per-caller API rate limit: beyond the burst a caller gets 429 with Retry-After and a problem
// document; other callers and public routes are not affected; waiting as told lets the caller in.
#include <thread>

#include "fixture.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace {

TEST(RateLimit, ACallerBeyondTheLimitIsToldToWait) {
  ServerProcess server({"--rate-limit", "5"});  // 5 a second, bursts of 10
  HttpClient a(server.port()), b(server.port());
  std::string token = login(a, ServerProcess::admin_email(), ServerProcess::admin_password());
  json::value key_body = json::object{{"name", "second caller"}};
  auto key = a.call("POST", "/api/v1/api-keys", token, &key_body);
  ASSERT_EQ(key.status, 201) << key.body;
  std::string other = text(key.json(), "key");

  // Requests until the first 429 (not a fixed number in a fixed time): however slowly a loaded
  // machine sends them, the bucket lets through its burst of 10 plus 5 for every second the run took.
  int ok = 0, limited = 0;
  HttpResponse last;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000 && limited == 0; ++i) {
    auto r = a.call("GET", "/api/v1/auth/me", token);
    if (r.status == 200) ++ok;
    else if (r.status == 429) {
      ++limited;
      last = r;
    } else {
      ADD_FAILURE() << r.status << " " << r.body;
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(limited, 1) << ok << " requests in " << seconds << " s and never limited";
  EXPECT_GE(ok, 8) << "the burst is 10 (less the call that made the key)";
  EXPECT_LE(ok, 10 + static_cast<int>(5 * seconds) + 1) << "the burst is 10 and the refill 5 a second; " << seconds << " s";
  EXPECT_EQ(last.header("content-type"), "application/problem+json");
  EXPECT_NE(last.body.find("rate-limited"), std::string::npos) << last.body;
  int wait = std::stoi(last.header("retry-after"));
  EXPECT_GE(wait, 1);
  EXPECT_LE(wait, 2);
  // Another caller (the API key) and public routes go on.
  EXPECT_EQ(b.call("GET", "/api/v1/auth/me", other).status, 200);
  EXPECT_EQ(b.request("GET", "/healthz").status, 200);
  std::this_thread::sleep_for(std::chrono::seconds(wait));
  EXPECT_EQ(a.call("GET", "/api/v1/auth/me", token).status, 200);
}

}  // namespace
}  // namespace rapport::testing
