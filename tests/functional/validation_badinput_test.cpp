// Hostile and broken input: malformed or oversize bodies, wrong content types, broken HTTP, bad
// request targets, bad list parameters, bad credentials. Every one gets a 4xx problem document, the
// server keeps serving, and nothing is written.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "validation_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

// Sends a request whose body the server may refuse before reading it: stops writing as soon as an
// answer arrives (as curl does), then reads that answer. HttpClient writes the whole body first and
// so cannot see an early answer. Status 0 when no answer came.
HttpResponse send_with_early_answer(unsigned short port, const std::string& request) {
  HttpResponse out;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return out;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return out;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  std::size_t sent = 0;
  bool writing = true;
  std::string in;
  auto complete = [&] {
    auto end = in.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    std::string head = in.substr(0, end);
    for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto cl = head.find("content-length:");
    if (cl == std::string::npos) return false;
    return in.size() >= end + 4 + std::stoul(head.substr(cl + 15));
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline && !complete()) {
    pollfd p{fd, static_cast<short>(POLLIN | (writing ? POLLOUT : 0)), 0};
    if (::poll(&p, 1, 1000) < 0) break;
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      char buf[65536];
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<std::size_t>(n));
      writing = false;
      continue;
    }
    if (writing && (p.revents & POLLOUT)) {
      ssize_t n = ::send(fd, request.data() + sent, std::min<std::size_t>(request.size() - sent, 65536), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK) writing = false;
        continue;
      }
      sent += static_cast<std::size_t>(n);
      if (sent == request.size()) writing = false;
    }
  }
  ::close(fd);
  auto end = in.find("\r\n\r\n");
  if (in.rfind("HTTP/1.", 0) != 0 || end == std::string::npos) return out;
  out.status = std::stoi(in.substr(9, 3));
  std::istringstream head(in.substr(0, end));
  std::string line;
  std::getline(head, line);
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    out.headers[name] = value;
  }
  out.body = in.substr(end + 4);
  return out;
}

// The server-error counters of /metrics, by their label set.
std::map<std::string, std::string> server_errors(const std::string& metrics) {
  std::map<std::string, std::string> out;
  std::istringstream in(metrics);
  for (std::string line; std::getline(in, line);) {
    if (line.find("status=\"5xx\"") == std::string::npos) continue;
    auto sp = line.rfind(' ');
    out[line.substr(0, sp)] = line.substr(sp + 1);
  }
  return out;
}

std::string nested(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']');
}

}  // namespace

class BadInput : public ServerTest {
 protected:
  // Sends raw bytes as a body with the admin token and the given extra headers.
  HttpResponse send(const std::string& method, const std::string& target, const std::string& body,
                    std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", "application/json"}}) {
    headers.emplace_back("Authorization", "Bearer " + token());
    return http().request(method, target, body, headers);
  }

  void expect_problem(const HttpResponse& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << r.status << " " << r.body;
    auto j = r.json();
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_TRUE(j.as_object().contains("title")) << r.body;
    ASSERT_TRUE(j.as_object().contains("status")) << r.body;
    EXPECT_EQ(j.at("status"), r.status) << r.body;
  }
  void expect_client_error(const HttpResponse& r, const std::string& what) {
    EXPECT_GE(r.status, 400) << what << ": " << r.body;
    EXPECT_LT(r.status, 500) << what << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << what << ": " << r.body;
  }

  int64_t count(const std::string& object = "contacts") {
    HttpClient fresh(server().port());
    auto r = fresh.call("GET", "/api/v1/" + object + "?count=true&limit=1", token());
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    if (!j.is_object() || !j.as_object().contains("total")) return -1;
    return j.at("total").to_number<int64_t>();
  }

  // The server still answers on a new connection and nothing was written.
  void expect_unharmed(int64_t contacts_before, int64_t companies_before = -1) {
    EXPECT_TRUE(server().running()) << server().output();
    HttpClient fresh(server().port());
    auto h = fresh.request("GET", "/healthz");
    EXPECT_EQ(h.status, 200) << h.body;
    EXPECT_EQ(count("contacts"), contacts_before) << "a rejected request wrote a contact";
    if (companies_before >= 0) {
      EXPECT_EQ(count("companies"), companies_before) << "a rejected request wrote a company";
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Bodies

TEST_F(BadInput, MalformedJsonBodies) {
  int64_t before = count();
  for (const std::string body : {"{\"first_name\": ", "{first_name: \"x\"}", "{\"first_name\": \"x\",}", "{\"first_name\": 'x'}",
                                 "{\"first_name\": \"x\"} trailing", "{\"first_name\": \"x\"}{}", "nul", "\x01\x02"}) {
    auto r = send("POST", "/api/v1/contacts", body);
    expect_problem(r, 400);
  }
  // Also on PATCH.
  auto id = create("contacts", json::object{{"first_name", "Target"}});
  ++before;
  auto p = send("PATCH", "/api/v1/contacts/" + id, "{\"first_name\": ");
  expect_problem(p, 400);
  EXPECT_EQ(get("/api/v1/contacts/" + id).json().at("version"), 1);
  expect_unharmed(before);
}

TEST_F(BadInput, BodyMustBeAJsonObject) {
  int64_t before = count();
  for (const std::string body : {"[{\"first_name\": \"x\"}]", "[]", "\"first_name\"", "42", "null", "true"}) {
    auto r = send("POST", "/api/v1/contacts", body);
    expect_problem(r, 400);
  }
  expect_unharmed(before);
}

TEST_F(BadInput, EmptyBodyWithJsonContentType) {
  int64_t before = count();
  expect_problem(send("POST", "/api/v1/contacts", ""), 400);
  expect_problem(send("POST", "/api/v1/contacts", "   \r\n "), 400);
  auto id = create("contacts", json::object{{"first_name", "Target"}});
  ++before;
  expect_problem(send("PATCH", "/api/v1/contacts/" + id, ""), 400);
  expect_unharmed(before);
}

TEST_F(BadInput, WrongOrMissingContentType) {
  int64_t before = count();
  const std::string body = "{\"first_name\": \"Typed\"}";
  auto text = send("POST", "/api/v1/contacts", body, {{"Content-Type", "text/plain"}});
  expect_problem(text, 415);
  auto form = send("POST", "/api/v1/contacts", body, {{"Content-Type", "application/x-www-form-urlencoded"}});
  expect_problem(form, 415);
  auto none = send("POST", "/api/v1/contacts", body, {});
  expect_problem(none, 415);
  auto id = create("contacts", json::object{{"first_name", "Target"}});
  ++before;
  expect_problem(send("PATCH", "/api/v1/contacts/" + id, "{\"first_name\": \"Changed\"}", {{"Content-Type", "text/plain"}}), 415);
  expect_problem(send("PATCH", "/api/v1/contacts/" + id, "{\"first_name\": \"Changed\"}", {}), 415);
  EXPECT_EQ(get("/api/v1/contacts/" + id).json().at("first_name"), "Target");
  // A charset parameter is fine.
  auto ok = send("POST", "/api/v1/contacts", body, {{"Content-Type", "application/json; charset=utf-8"}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  ++before;
  expect_unharmed(before);
}

// Media types are case-insensitive (RFC 9110 section 8.3.1).
TEST_F(BadInput, ContentTypeIsCaseInsensitive) {
  auto r = send("POST", "/api/v1/contacts", "{\"first_name\": \"Case\"}", {{"Content-Type", "Application/JSON"}});
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(BadInput, DeeplyNestedJson) {
  int64_t before = count();
  auto r = send("POST", "/api/v1/contacts", "{\"first_name\": \"Deep\", \"description\": " + nested(100) + "}");
  expect_problem(r, 400);
  auto very = send("POST", "/api/v1/contacts", "{\"first_name\": \"Deep\", \"description\": " + nested(100000) + "}");
  expect_problem(very, 400);
  auto objects = send("POST", "/api/v1/contacts", std::string(100, '{').append("}"));
  expect_problem(objects, 400);
  expect_unharmed(before);
}

TEST_F(BadInput, OversizeBodyIsRefused) {
  int64_t before = count();
  const std::string body =
      json::serialize(json::object{{"first_name", "Big"}, {"description", std::string(2 * 1024 * 1024, 'x')}});
  const std::string head = "POST /api/v1/contacts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token() +
                           "\r\nContent-Type: application/json\r\nContent-Length: ";
  // The whole 2 MiB body, sent until the server answers.
  auto r = send_with_early_answer(server().port(), head + std::to_string(body.size()) + "\r\n\r\n" + body);
  ASSERT_NE(r.status, 0) << "no answer to a 2 MiB body";
  expect_problem(r, 413);
  // Only announcing a too-large body is refused the same way, without waiting for it.
  HttpClient announce(server().port());
  auto a = announce.raw(head + "2097152\r\n\r\n{\"first_name\":");
  expect_problem(a, 413);
  // A body just under the limit is read and judged on its content.
  const std::string fits =
      json::serialize(json::object{{"first_name", "Big"}, {"description", std::string(1024 * 1024 - 100, 'x')}});
  auto f = send_with_early_answer(server().port(), head + std::to_string(fits.size()) + "\r\n\r\n" + fits);
  expect_problem(f, 422);
  expect_unharmed(before);
}

TEST_F(BadInput, InvalidUtf8IsAClientError) {
  int64_t before = count();
  // Raw bytes that are not UTF-8 inside a JSON string.
  auto raw = send("POST", "/api/v1/contacts", "{\"first_name\": \"\xff\xfe\xc3\"}");
  expect_client_error(raw, "invalid UTF-8 bytes");
  // An overlong encoding of '/' and a lone surrogate escape.
  auto overlong = send("POST", "/api/v1/contacts", "{\"first_name\": \"\xc0\xaf\"}");
  expect_client_error(overlong, "overlong UTF-8");
  auto surrogate = send("POST", "/api/v1/contacts", "{\"first_name\": \"\\ud800\"}");
  expect_client_error(surrogate, "lone surrogate escape");
  std::cout << "[ info ] invalid UTF-8 -> " << raw.status << ", overlong -> " << overlong.status
            << ", lone surrogate -> " << surrogate.status << " (" << surrogate.body << ")\n";
  // Control characters in a single-line field are refused as a format error.
  auto ctl = send("POST", "/api/v1/contacts", "{\"first_name\": \"a\\u0000b\"}");
  expect_problem(ctl, 422);
  expect_unharmed(before);
}

TEST_F(BadInput, HugeNumbers) {
  int64_t contacts = count("contacts"), companies = count("companies");
  for (const std::string n : {"1e400", "-1e400", "123456789012345678901234567890", "9223372036854775808", "1.5"}) {
    auto r = send("POST", "/api/v1/companies", "{\"name\": \"Huge\", \"employee_count\": " + n + "}");
    expect_client_error(r, "employee_count " + n);
    auto m = send("POST", "/api/v1/companies", "{\"name\": \"Huge\", \"annual_revenue\": " + n + ", \"currency\": \"EUR\"}");
    expect_client_error(m, "annual_revenue " + n);
  }
  expect_unharmed(contacts, companies);
}

// A number custom field takes any JSON number, but not one that overflows to infinity.
TEST_F(BadInput, HugeNumberInACustomNumberField) {
  auto def = post("/api/v1/custom-fields", json::object{{"object_type", "companies"}, {"name", "huge_" + std::to_string(getpid())}, {"type", "number"}});
  ASSERT_EQ(def.status, 201) << def.body;
  std::string def_id(def.json().at("id").as_string());
  std::string name(def.json().at("name").as_string());
  int64_t contacts = count("contacts"), companies = count("companies");
  auto r = send("POST", "/api/v1/companies", "{\"name\": \"Huge\", \"custom\": {\"" + name + "\": 1e400}}");
  expect_client_error(r, "custom number 1e400");
  if (r.status == 201) {
    ++companies;
    std::cout << "[ info ] 1e400 in a custom number field was stored: " << r.body << "\n";
  }
  expect_unharmed(contacts, companies);
  del("/api/v1/custom-fields/" + def_id);
}

// ---------------------------------------------------------------------------------------------
// HTTP and request targets

TEST_F(BadInput, MalformedRequestLine) {
  int64_t before = count();
  HttpClient c(server().port());
  auto r = c.raw("GARBAGE\r\n\r\n");
  expect_problem(r, 400);
  HttpClient c2(server().port());
  auto v = c2.raw("GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n");
  expect_client_error(v, "HTTP/9.9");
  HttpClient c3(server().port());
  auto h = c3.raw("GET /healthz HTTP/1.1\r\nHost x\r\n\r\n");
  expect_problem(h, 400);
  expect_unharmed(before);
}

TEST_F(BadInput, BadPercentEncodingInTheTarget) {
  int64_t before = count();
  expect_problem(send("GET", "/api/v1/contacts?filter%ZZ", ""), 400);
  expect_problem(send("GET", "/api/v1/contacts?filter%5Bfirst_name%5D%5Beq%5D=%G1", ""), 400);
  expect_problem(send("GET", "/api/v1/contacts/%ZZ", ""), 400);
  expect_problem(send("POST", "/api/v1/contacts?x=%", "{\"first_name\": \"Pct\"}"), 400);
  expect_unharmed(before);
}

// Percent-encoded bytes that are not UTF-8 are echoed in the problem's detail and instance: the
// answer must still be JSON (they come back as U+FFFD).
TEST_F(BadInput, InvalidUtf8InTheTargetGivesValidJson) {
  for (const char* target : {"/api/v1/nope%ff%c0", "/api/v1/contacts?%ff%fe=1", "/api/v1/contacts/%c3%28"}) {
    auto r = send("GET", target, "");
    EXPECT_GE(r.status, 400) << target;
    EXPECT_LT(r.status, 500) << target;
    boost::system::error_code ec;
    auto j = json::parse(r.body, ec);  // Boost.JSON refuses invalid UTF-8
    ASSERT_FALSE(ec) << target << " -> " << r.body;
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_EQ(j.at("status"), r.status);
  }
  auto r = send("GET", "/api/v1/nope%ff%c0", "");
  expect_problem(r, 404);
  auto j = r.json();
  ASSERT_TRUE(j.is_object() && j.as_object().contains("instance")) << r.body;
  EXPECT_NE(std::string(j.at("instance").as_string()).find("\xef\xbf\xbd"), std::string::npos) << r.body;
}

TEST_F(BadInput, UnknownIdsAre404) {
  int64_t before = count();
  expect_problem(get("/api/v1/contacts/not-a-uuid"), 404);
  expect_problem(get("/api/v1/contacts/" + std::string(kNoSuchId)), 404);
  expect_problem(patch("/api/v1/contacts/not-a-uuid", json::object{{"first_name", "X"}}), 404);
  expect_problem(patch("/api/v1/contacts/" + std::string(kNoSuchId), json::object{{"first_name", "X"}}), 404);
  expect_problem(del("/api/v1/contacts/not-a-uuid"), 404);
  expect_problem(del("/api/v1/contacts/" + std::string(kNoSuchId)), 404);
  expect_problem(post("/api/v1/contacts/" + std::string(kNoSuchId) + "/restore", json::object{}), 404);
  expect_problem(get("/api/v1/contacts/not-a-uuid/history"), 404);
  expect_problem(get("/api/v1/custom-fields/not-a-uuid"), 404);
  expect_problem(del("/api/v1/custom-fields/" + std::string(kNoSuchId)), 404);
  // Deleted is gone too: a second delete and a PATCH of a deleted record are 404.
  auto id = create("contacts", json::object{{"first_name", "Twice"}});
  ASSERT_EQ(del("/api/v1/contacts/" + id).status, 204);
  expect_problem(del("/api/v1/contacts/" + id), 404);
  expect_problem(patch("/api/v1/contacts/" + id, json::object{{"first_name", "Zombie"}}), 404);
  expect_unharmed(before);
}

TEST_F(BadInput, BadListParameters) {
  int64_t before = count();
  for (const std::string& q : std::vector<std::string>{"cursor=garbage", "cursor=eyJzIjoiLWNyZWF0ZWRfYXQifQ", "cursor=%00%01", fq("email", "like", "x"),
        "filter%5Bemail%5D%5B%5D=x", fq("nope", "eq", "1"), fq("employee_count", "eq", "1"), fq("email", "is_null", "maybe"),
        fq("first_name", "lt", "x") + "&" + fq("first_name", "gt", "y") + "&" + fq("email", "bogus", "z"), "limit=100000", "limit=0",
        "limit=-1", "limit=abc", "limit=1&limit=2", "sort=nope", "sort=email", "count=maybe", "page=2"}) {
    auto r = get("/api/v1/contacts?" + q);
    expect_problem(r, 400);
    if (r.status != 400) ADD_FAILURE() << q;
  }
  // A cursor of one sort order does not work for another.
  create("contacts", json::object{{"first_name", "One"}});
  create("contacts", json::object{{"first_name", "Two"}});
  before += 2;
  auto page = get("/api/v1/contacts?limit=1");
  ASSERT_EQ(page.status, 200) << page.body;
  ASSERT_TRUE(page.json().at("next_cursor").is_string());
  auto other = get("/api/v1/contacts?limit=1&sort=first_name&cursor=" + std::string(page.json().at("next_cursor").as_string()));
  expect_problem(other, 400);
  expect_unharmed(before);
}

TEST_F(BadInput, OverlongIdempotencyKey) {
  int64_t before = count();
  auto r = post("/api/v1/contacts", json::object{{"first_name", "Keyed"}}, {{"Idempotency-Key", std::string(300, 'k')}});
  expect_problem(r, 400);
  EXPECT_EQ(count(), before);
  auto ok = post("/api/v1/contacts", json::object{{"first_name", "Keyed"}}, {{"Idempotency-Key", std::string(255, 'k')}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  expect_unharmed(before + 1);
}

// ---------------------------------------------------------------------------------------------
// Credentials

TEST_F(BadInput, MissingOrBadCredentialsAre401) {
  int64_t before = count();
  auto none = http().request("GET", "/api/v1/contacts");
  expect_problem(none, 401);
  EXPECT_EQ(none.header("www-authenticate"), "Bearer");
  const std::string body = "{\"first_name\": \"Intruder\"}";
  for (const auto& auth : std::vector<std::string>{"Basic YWRtaW5AZnVuY3Rpb25hbC50ZXN0OmZ1bmN0aW9uYWwtdGVzdC1wYXNzd29yZA==",
                                                   "Bearer rps_thisisnotarealtokenatallthisisnotarealtoken",
                                                   "Bearer rpk_thisisnotarealkey", "Bearer madeup", "Bearer", "Bearer ",
                                                   "Token " + token(), token()}) {
    auto g = http().request("GET", "/api/v1/contacts", "", {{"Authorization", auth}});
    expect_problem(g, 401);
    EXPECT_EQ(g.header("www-authenticate"), "Bearer") << auth;
    auto p = http().request("POST", "/api/v1/contacts", body, {{"Authorization", auth}, {"Content-Type", "application/json"}});
    expect_problem(p, 401);
  }
  auto anon_post = http().request("POST", "/api/v1/contacts", body, {{"Content-Type", "application/json"}});
  expect_problem(anon_post, 401);
  expect_unharmed(before);
}

// The authentication scheme is case-insensitive (RFC 9110 section 11.1).
TEST_F(BadInput, BearerSchemeIsCaseInsensitive) {
  auto r = http().request("GET", "/api/v1/contacts?limit=1", "", {{"Authorization", "bearer " + token()}});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(BadInput, LoginFailuresLookTheSame) {
  json::value wrong_password = json::object{{"email", ServerProcess::admin_email()}, {"password", "not-the-password"}};
  json::value unknown_email = json::object{{"email", "nobody@functional.test"}, {"password", "not-the-password"}};
  auto a = http().call("POST", "/api/v1/auth/login", "", &wrong_password);
  auto b = http().call("POST", "/api/v1/auth/login", "", &unknown_email);
  expect_problem(a, 401);
  expect_problem(b, 401);
  auto ja = a.json(), jb = b.json();
  ASSERT_TRUE(ja.is_object() && jb.is_object());
  ja.as_object().erase("instance");
  jb.as_object().erase("instance");
  ja.as_object().erase("request_id");
  jb.as_object().erase("request_id");
  EXPECT_EQ(ja, jb) << a.body << " vs " << b.body;
  EXPECT_EQ(a.header("content-type"), b.header("content-type"));
  EXPECT_EQ(a.header("www-authenticate"), b.header("www-authenticate"));
}

TEST_F(BadInput, LoginWithWrongTypesIs422) {
  for (const json::value& body : std::vector<json::value>{
           json::object{{"email", 5}, {"password", true}}, json::object{{"email", json::array{"a@b.c"}}, {"password", json::object{}}},
           json::object{{"email", ServerProcess::admin_email()}, {"password", 12345678}}}) {
    auto r = http().call("POST", "/api/v1/auth/login", "", &body);
    expect_problem(r, 422);
    auto fields = error_fields(r);
    EXPECT_FALSE(fields.empty()) << r.body;
    EXPECT_EQ(r.body.find("token"), std::string::npos) << r.body;
  }
  auto both = json::value(json::object{{"email", 5}, {"password", true}});
  auto r = http().call("POST", "/api/v1/auth/login", "", &both);
  auto f = error_fields(r);
  EXPECT_EQ(std::set<std::string>(f.begin(), f.end()), (std::set<std::string>{"email", "password"})) << r.body;
  // Missing fields and unknown fields are 422 as well; a bad body is 400.
  json::value missing = json::object{{"email", ServerProcess::admin_email()}};
  expect_problem(http().call("POST", "/api/v1/auth/login", "", &missing), 422);
  json::value extra = json::object{{"email", ServerProcess::admin_email()}, {"password", "x"}, {"remember", true}};
  expect_problem(http().call("POST", "/api/v1/auth/login", "", &extra), 422);
  expect_problem(http().request("POST", "/api/v1/auth/login", "[]", {{"Content-Type", "application/json"}}), 400);
}

// ---------------------------------------------------------------------------------------------
// After a barrage of bad input the server is healthy and counted no server error.

TEST_F(BadInput, ServerSurvivesAndCountsNoServerErrors) {
  int64_t contacts = count("contacts"), companies = count("companies");
  // Compared with the counters before, so that the test stands alone when suites share a server.
  const auto errors_before = server_errors(HttpClient(server().port()).request("GET", "/metrics").body);
  send("POST", "/api/v1/contacts", "{\"first_name\": ");
  send("POST", "/api/v1/contacts", "[1,2,3]");
  send("POST", "/api/v1/contacts", "");
  send("POST", "/api/v1/contacts", "{}", {{"Content-Type", "text/plain"}});
  send("POST", "/api/v1/contacts", "{}", {});
  send("POST", "/api/v1/contacts", "{\"description\": " + nested(100) + "}");
  send("POST", "/api/v1/contacts", "{\"first_name\": \"\xff\xfe\"}");
  send("POST", "/api/v1/companies", "{\"name\": \"Huge\", \"employee_count\": 1e400}");
  send("POST", "/api/v1/companies", "{\"name\": \"Huge\", \"annual_revenue\": -1e400, \"currency\": \"EUR\"}");
  send("PATCH", "/api/v1/contacts/not-a-uuid", "{}");
  send("DELETE", "/api/v1/contacts/" + std::string(kNoSuchId), "");
  send("GET", "/api/v1/contacts?cursor=garbage", "");
  send("GET", "/api/v1/contacts?" + fq("email", "like", "x"), "");
  send("GET", "/api/v1/contacts?limit=100000", "");
  send("GET", "/api/v1/contacts?filter%ZZ", "");
  send("POST", "/api/v1/contacts", "{\"first_name\": \"K\"}", {{"Content-Type", "application/json"}, {"Idempotency-Key", std::string(300, 'k')}});
  http().request("GET", "/api/v1/contacts", "", {{"Authorization", "Basic Zm9vOmJhcg=="}});
  json::value login_bad = json::object{{"email", 5}, {"password", true}};
  http().call("POST", "/api/v1/auth/login", "", &login_bad);
  {
    HttpClient c(server().port());
    c.raw("GARBAGE\r\n\r\n");
  }
  {
    const std::string big = "{\"first_name\": \"" + std::string(2 * 1024 * 1024, 'x') + "\"}";
    send_with_early_answer(server().port(), "POST /api/v1/contacts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                                token() + "\r\nContent-Type: application/json\r\nContent-Length: " +
                                                std::to_string(big.size()) + "\r\n\r\n" + big);
  }

  expect_unharmed(contacts, companies);
  HttpClient fresh(server().port());
  auto m = fresh.request("GET", "/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_EQ(server_errors(m.body), errors_before) << m.body;
  EXPECT_NE(m.body.find("route=\"/api/v1/contacts\",status=\"4xx\""), std::string::npos) << m.body;
}

}  // namespace rapport::testing
