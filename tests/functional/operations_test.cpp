// Health, readiness, metrics, the OpenAPI document against the router, and the command line.
#include <set>
#include <sstream>

#include "fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

class Operations : public ServerTest {};

TEST_F(Operations, HealthAndReadiness) {
  auto h = http().request("GET", "/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.json().at("status"), "ok");
  EXPECT_FALSE(h.header("x-request-id").empty());
  auto r = http().request("GET", "/readyz");
  EXPECT_EQ(r.status, 200);
}

TEST_F(Operations, EveryOutputNamesTheSameBuild) {
  auto v = run_rapport({"--version"});
  EXPECT_EQ(v.exit_code, 0) << v.output;
  auto sub = run_rapport({"version"});
  EXPECT_EQ(sub.exit_code, 0) << sub.output;
  EXPECT_EQ(sub.output, v.output);
  auto h = http().request("GET", "/healthz").json();
  const std::string version(h.at("version").as_string()), commit(h.at("commit").as_string());
  EXPECT_FALSE(version.empty());
  EXPECT_NE(v.output.find("rapport " + version + " (commit " + commit + ", "), std::string::npos) << v.output;
  auto doc = http().request("GET", "/api/v1/openapi.json").json();
  EXPECT_EQ(doc.at("info").at("version"), json::value(version));
  auto metrics = get("/metrics");
  EXPECT_NE(metrics.body.find("rapport_build_info{version=\"" + version + "\",commit=\"" + commit + "\"} 1"), std::string::npos)
      << metrics.body.substr(0, 400);
}

TEST_F(Operations, RequestIdIsEchoedWhenSane) {
  auto r = http().request("GET", "/healthz", "", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(r.header("x-request-id"), "abc-123");
  auto bad = http().request("GET", "/healthz", "", {{"X-Request-Id", "has spaces and !!"}});
  EXPECT_NE(bad.header("x-request-id"), "has spaces and !!");
}

TEST_F(Operations, MetricsCountRequestsPerRoute) {
  get("/api/v1/contacts");
  auto m = http().request("GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("rapport_http_requests_total{method=\"GET\",route=\"/api/v1/contacts\",status=\"2xx\"}"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("rapport_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/contacts\",le=\"0.005\"}"), std::string::npos);
  EXPECT_NE(m.body.find("rapport_db_readers_in_use"), std::string::npos);
}

TEST_F(Operations, UnknownRouteAndWrongMethod) {
  auto r = get("/api/v1/nothing-here");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  auto m = http().request("PUT", "/api/v1/contacts");
  EXPECT_EQ(m.status, 405);
  EXPECT_NE(m.header("allow").find("GET"), std::string::npos);
}

TEST_F(Operations, OpenApiListsExactlyTheRouterRoutes) {
  auto doc = http().request("GET", "/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  auto j = doc.json();
  EXPECT_EQ(j.at("openapi"), "3.1.0");
  std::set<std::string> documented;
  for (const auto& p : j.at("paths").as_object())
    for (const auto& m : p.value().as_object()) {
      std::string method(m.key());
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(method + " " + std::string(p.key()));
    }
  auto routes = run_rapport({"routes"});
  ASSERT_EQ(routes.exit_code, 0) << routes.output;
  std::set<std::string> served;
  std::istringstream in(routes.output);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) served.insert(line);
  for (const auto& r : served) EXPECT_TRUE(documented.count(r)) << r << " is served but not documented";
  for (const auto& d : documented) EXPECT_TRUE(served.count(d)) << d << " is documented but not served";
  EXPECT_GT(served.size(), 30u);
}

TEST(CommandLine, HelpExplainsEverySubcommand) {
  auto top = run_rapport({"--help"});
  EXPECT_EQ(top.exit_code, 0);
  for (const char* sub : {"serve", "init", "workspace", "apikey", "generate", "migrate", "routes"})
    EXPECT_NE(top.output.find(sub), std::string::npos) << sub;
  auto serve = run_rapport({"serve", "--help"});
  EXPECT_EQ(serve.exit_code, 0);
  EXPECT_NE(serve.output.find("--listen"), std::string::npos);
  EXPECT_NE(serve.output.find("--data"), std::string::npos);
  EXPECT_NE(serve.output.find("--demo"), std::string::npos);
  auto ws = run_rapport({"workspace", "create", "--help"});
  EXPECT_NE(ws.output.find("--admin-email"), std::string::npos);
  EXPECT_NE(run_rapport({"no-such-command"}).exit_code, 0);
}

TEST(CommandLine, GenerateKeyPrintsAFreshMasterKey) {
  auto a = run_rapport({"generate-key"});
  auto b = run_rapport({"generate-key"});
  ASSERT_EQ(a.exit_code, 0) << a.output;
  EXPECT_EQ(a.output.size(), 45u) << a.output;  // base64 of 32 bytes and a newline
  EXPECT_EQ(a.output.back(), '\n');
  EXPECT_NE(a.output, b.output);
}

}  // namespace rapport::testing
