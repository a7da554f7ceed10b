// The server's output is one format: every line is a JSON object with ts, level and msg (startup
// messages, diagnostics and the access log alike), and an access-log line names the caller by ids,
// the bytes sent and, on an error, the problem type.
#include <gtest/gtest.h>

#include <optional>
#include <sstream>

#include "harness.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

std::vector<json::object> json_lines(const std::string& output) {
  std::vector<json::object> lines;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    EXPECT_FALSE(ec) << "not a JSON line: " << line;
    if (ec || !v.is_object()) continue;
    const auto& o = v.as_object();
    EXPECT_TRUE(o.contains("ts") && o.contains("level") && o.contains("msg")) << line;
    lines.push_back(o);
  }
  return lines;
}

// The access-log line of the request with this id.
std::optional<json::object> request_line(const std::vector<json::object>& lines, const std::string& request_id) {
  for (const auto& l : lines)
    if (l.at("msg") == "request" && l.contains("request_id") && l.at("request_id") == json::value(request_id)) return l;
  return std::nullopt;
}

TEST(OperationsLogs, EveryLineIsJsonAndRequestsNameTheCallerByIds) {
  ServerProcess s({ServerProcess::kWithAccessLog});
  HttpClient c(s.port());
  const std::string token = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  json::value key_body = json::object{{"name", "log-check"}};
  auto key = c.call("POST", "/api/v1/api-keys", token, &key_body);
  ASSERT_EQ(key.status, 201) << key.body;
  const std::string api_key(key.json().at("key").as_string()), api_key_id(key.json().at("id").as_string());
  auto me = c.call("GET", "/api/v1/auth/me", token).json();

  json::value contact = json::object{{"last_name", "Loggable"}, {"email", "loggable.person@logs.example"}};
  auto created = c.call("POST", "/api/v1/contacts", token, &contact, {{"X-Request-Id", "log-create-1"}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto missing = c.call("GET", "/api/v1/contacts/00000000-0000-0000-0000-000000000000", api_key, nullptr,
                        {{"X-Request-Id", "log-missing-1"}});
  ASSERT_EQ(missing.status, 404);
  auto anonymous = c.call("GET", "/api/v1/contacts", "", nullptr, {{"X-Request-Id", "log-anon-1"}});
  ASSERT_EQ(anonymous.status, 401);
  ASSERT_EQ(s.stop(), 0);

  const std::string output = s.output();
  auto lines = json_lines(output);
  ASSERT_GT(lines.size(), 5u) << output;
  bool serving = false;
  for (const auto& l : lines)
    if (std::string(l.at("msg").as_string()).rfind("serving on http://", 0) == 0) serving = true;
  EXPECT_TRUE(serving) << "the startup message is a JSON line:\n" << output;

  auto create_line = request_line(lines, "log-create-1");
  ASSERT_TRUE(create_line) << output;
  EXPECT_EQ(create_line->at("status").to_number<int64_t>(), 201);
  EXPECT_EQ(create_line->at("workspace_id"), me.at("workspace_id")) << json::serialize(*create_line);
  EXPECT_EQ(create_line->at("user_id"), me.at("user_id")) << json::serialize(*create_line);
  EXPECT_FALSE(create_line->contains("api_key_id"));
  EXPECT_EQ(create_line->at("bytes_sent").to_number<int64_t>(), static_cast<int64_t>(created.body.size()));
  EXPECT_FALSE(create_line->contains("problem_type"));

  auto missing_line = request_line(lines, "log-missing-1");
  ASSERT_TRUE(missing_line) << output;
  EXPECT_EQ(missing_line->at("api_key_id"), json::value(api_key_id)) << json::serialize(*missing_line);
  EXPECT_EQ(missing_line->at("problem_type"), missing.json().at("type")) << json::serialize(*missing_line);

  auto anonymous_line = request_line(lines, "log-anon-1");
  ASSERT_TRUE(anonymous_line) << output;
  EXPECT_FALSE(anonymous_line->contains("workspace_id"));
  EXPECT_EQ(anonymous_line->at("problem_type"), anonymous.json().at("type"));

  // Ids, never the person's data or a credential.
  for (const std::string& secret : {std::string("loggable.person@logs.example"), std::string("Loggable"), api_key, token,
                                    ServerProcess::admin_password()})
    EXPECT_EQ(output.find(secret), std::string::npos) << "the log holds " << secret << ":\n" << output;
}

}  // namespace
}  // namespace rapport::testing
