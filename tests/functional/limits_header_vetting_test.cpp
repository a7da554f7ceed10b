// A request is judged on its header before its body is read when the body may be large (over 16 KiB)
// or when the client waits for "100 Continue" (Expect: 100-continue, as curl sends for bodies over
// 1 KiB): the same refusals as the full request path (credentials, MFA enrolment, the caller's rate,
// undeclared query parameters, the body limit) come at once and close the connection, and an
// accepted header gets 100 Continue, then the body is read and handled. Raw sockets, since a client
// library would hide the interim answer.
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "tenancy_lifecycle_helpers.hpp"

namespace rapport::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

std::string post_head(const std::string& target, std::size_t length, const std::string& token, bool expect_continue) {
  std::string head = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
  if (!token.empty()) head += "Authorization: Bearer " + token + "\r\n";
  if (expect_continue) head += "Expect: 100-continue\r\n";
  return head + "Content-Length: " + std::to_string(length) + "\r\n\r\n";
}

// A contact of about `size` bytes (JSON allows the trailing spaces).
std::string contact_body(std::size_t size) {
  std::string body = json::serialize(json::object{{"last_name", "Vetted"}});
  return body + std::string(size > body.size() ? size - body.size() : 0, ' ');
}

std::string type_slug(const RawConn::Response& r) {
  auto j = json::parse(r.body);
  std::string t(j.at("type").as_string());
  return t.substr(t.rfind('/') + 1);
}

// Sends the header only and reads the answer, which must come before any body byte is sent.
RawConn::Response answer_to_header(unsigned short port, const std::string& head, RawConn& conn) {
  RawConn::Response res;
  EXPECT_TRUE(conn.connect(port, 10));
  EXPECT_TRUE(conn.send_all(head));
  EXPECT_EQ(conn.read_response(res), RawConn::Read::Complete) << "no answer to the header alone:\n" << head;
  return res;
}

// A refusal on the header: a final status, never 100, and the connection closes.
void expect_refused(unsigned short port, const std::string& head, int status, const std::string& slug) {
  RawConn conn;
  auto res = answer_to_header(port, head, conn);
  EXPECT_EQ(res.status, status) << head << "\n" << res.head << "\n" << res.body;
  if (res.status == status && !slug.empty()) {
    EXPECT_EQ(type_slug(res), slug) << res.body;
  }
  EXPECT_TRUE(res.close) << res.head;
  EXPECT_TRUE(conn.wait_closed(10s));
}

// 100 Continue to the header, then the body is read and the request handled.
void expect_continued(unsigned short port, const std::string& head, const std::string& body, int status) {
  RawConn conn;
  auto interim = answer_to_header(port, head, conn);
  ASSERT_EQ(interim.status, 100) << interim.head;
  ASSERT_TRUE(conn.send_all(body));
  RawConn::Response res;
  ASSERT_EQ(conn.read_response(res), RawConn::Read::Complete);
  EXPECT_EQ(res.status, status) << res.body;
  EXPECT_FALSE(res.close) << "the connection goes on after a request that was read whole";
}

TEST(HeaderVetting, ExpectContinueIsAnsweredOnceTheHeaderIsAccepted) {
  ServerProcess s;
  HttpClient c(s.port());
  const std::string token = admin_token(c);
  const std::string large = contact_body(40000), small = contact_body(2000);
  expect_continued(s.port(), post_head("/api/v1/contacts", large.size(), token, true), large, 201);
  expect_continued(s.port(), post_head("/api/v1/contacts", small.size(), token, true), small, 201);
  // A public route needs no vetting: 100 Continue at once.
  const std::string sign_in = json::serialize(json::object{{"email", "nobody@x.test"}, {"password", "wrong password"}});
  expect_continued(s.port(), post_head("/api/v1/auth/login", sign_in.size(), "", true), sign_in, 401);
  // Refused headers get their final answer and never 100, whether the client waits or not.
  for (bool expect : {true, false}) {
    expect_refused(s.port(), post_head("/api/v1/contacts", large.size(), "", expect), 401, "");
    expect_refused(s.port(), post_head("/api/v1/contacts", large.size(), "rpk_not_a_key", expect), 401, "");
    expect_refused(s.port(), post_head("/api/v1/contacts?zz_undeclared=1", large.size(), token, expect), 400, "bad-request");
    expect_refused(s.port(), post_head("/api/v1/contacts?token=x", large.size(), token, expect), 400, "bad-request");
    expect_refused(s.port(), post_head("/api/v1/contacts", 5 * 1024 * 1024, token, expect), 413, "body-too-large");
  }
  expect_refused(s.port(), post_head("/api/v1/contacts", small.size(), "", true), 401, "");
  // The two contacts were created once each, and nothing else.
  auto list = c.call("GET", "/api/v1/contacts?count=true", token);
  EXPECT_EQ(list.json().at("total").to_number<int64_t>(), 2) << list.body;
}

// A user whose role requires MFA they have not confirmed may use only the enrolment routes: a large
// body elsewhere is refused on its header, as the full path refuses a small one.
TEST(HeaderVetting, AUserWhoMustEnrolInMfaIsRefusedBeforeTheBodyIsRead) {
  ServerProcess s;
  HttpClient c(s.port());
  const std::string admin = admin_token(c);
  json::value user = json::object{{"email", "rep@x.test"}, {"password", "a long enough password"}, {"role", "sales_rep"}};
  ASSERT_EQ(c.call("POST", "/api/v1/users", admin, &user).status, 201);
  json::value policy = json::object{{"required_roles", json::array{"sales_rep"}}};
  ASSERT_EQ(c.call("PUT", "/api/v1/auth/mfa/policy", admin, &policy).status, 200);
  const std::string rep = login(c, "rep@x.test", "a long enough password");
  ASSERT_FALSE(rep.empty());

  json::value small = json::object{{"last_name", "Small"}};
  auto full_path = c.call("POST", "/api/v1/contacts", rep, &small);
  ASSERT_EQ(full_path.status, 403) << full_path.body;
  EXPECT_NE(full_path.body.find("mfa-enrollment-required"), std::string::npos) << full_path.body;
  const std::string large = contact_body(40000);
  for (bool expect : {true, false})
    expect_refused(s.port(), post_head("/api/v1/contacts", large.size(), rep, expect), 403, "mfa-enrollment-required");
  // An enrolment route is open to them, and to their waiting client.
  expect_continued(s.port(), post_head("/api/v1/auth/mfa/enroll", 2, rep, true), "{}", 200);
  // The admin is not confined.
  expect_continued(s.port(), post_head("/api/v1/contacts", large.size(), admin, true), large, 201);
}

// Beyond the caller's rate the header is refused with the 429 of the full path; a header that passes
// is not charged twice (judged without taking from the caller's allowance, charged when handled).
TEST(HeaderVetting, ACallerBeyondTheRateLimitIsRefusedBeforeTheBodyIsRead) {
  ServerProcess s({"--rate-limit", "0.01"});  // a burst of one request, then one per 100 s
  HttpClient c(s.port());
  const std::string token = admin_token(c);  // signing in is public: not charged
  const std::string large = contact_body(40000);
  expect_continued(s.port(), post_head("/api/v1/contacts", large.size(), token, true), large, 201);
  for (bool expect : {true, false}) {
    RawConn conn;
    auto res = answer_to_header(s.port(), post_head("/api/v1/contacts", large.size(), token, expect), conn);
    EXPECT_EQ(res.status, 429) << res.head;
    if (res.status != 429) continue;
    EXPECT_EQ(type_slug(res), "rate-limited");
    std::string lower = res.head;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_NE(lower.find("\r\nretry-after: "), std::string::npos) << res.head;
    EXPECT_TRUE(res.close);
  }
  auto full_path = c.call("GET", "/api/v1/auth/me", token);
  EXPECT_EQ(full_path.status, 429);
  EXPECT_NE(full_path.body.find("rate-limited"), std::string::npos) << full_path.body;
}

}  // namespace
}  // namespace rapport::testing
