#include "platform/net/url_check.hpp"

#include <gtest/gtest.h>

#include <map>

namespace rapport::net {
namespace {

using namespace std::chrono_literals;

// Names resolve from this table only: the tests never ask DNS.
Resolver table(std::map<std::string, std::vector<std::string>> answers) {
  return [answers = std::move(answers)](const std::string& host, std::chrono::milliseconds) {
    auto it = answers.find(host);
    if (it == answers.end()) return Resolution{Resolution::Status::not_found, {}, "Name or service not known"};
    Resolution r{Resolution::Status::ok};
    for (const auto& a : it->second) r.addresses.push_back(boost::asio::ip::make_address(a));
    return r;
  };
}

const Resolver kNames = table({
    {"hooks.example.com", {"93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"}},
    {"internal.example.com", {"10.0.0.5"}},
    {"mixed.example.com", {"93.184.216.34", "127.0.0.1"}},
    {"v6-loopback.example.com", {"93.184.216.34", "::1"}},
    {"mapped.example.com", {"::ffff:192.168.0.10"}},
    {"localhost", {"127.0.0.1", "::1"}},
});

bool begins(const std::string& text, std::string_view prefix) { return text.starts_with(prefix); }

// The message of the one field error of a refused URL ("" when it is accepted).
std::string refusal(std::string_view url, const AllowList& allow = {}) {
  auto r = check_url(url, "url", allow, kNames);
  if (r) return "";
  const auto& p = r.problem();
  EXPECT_EQ(p.status, 422) << url;
  EXPECT_EQ(p.errors.size(), 1u) << url;
  if (p.errors.empty()) return p.detail;
  EXPECT_EQ(p.errors[0].field, "url");
  return p.errors[0].message;
}

TEST(UrlCheck, AcceptsPublicHttpAndHttpsUrls) {
  auto t = check_url("https://Hooks.Example.com./in?x=1#top", "url", {}, kNames);
  ASSERT_TRUE(t.ok()) << t.problem().errors.at(0).message;
  EXPECT_TRUE(t->https);
  EXPECT_EQ(t->host, "hooks.example.com");
  EXPECT_EQ(t->url, "https://hooks.example.com/in?x=1");
  EXPECT_EQ(t->port, 443);
  EXPECT_FALSE(t->literal);
  auto p = check_url("http://8.8.8.8:8080/", "url", {}, kNames);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->port, 8080);
  EXPECT_EQ(p->literal, boost::asio::ip::make_address("8.8.8.8"));
  EXPECT_TRUE(check_url("http://[2606:4700:4700::1111]/", "url", {}, kNames).ok());
}

TEST(UrlCheck, RefusesWhatIsNotAnHttpUrl) {
  EXPECT_EQ(refusal("ftp://hooks.example.com/"), "must use http or https, not ftp");
  EXPECT_EQ(refusal("file:///etc/passwd"), "must use http or https, not file");
  EXPECT_EQ(refusal("gopher://hooks.example.com:70/_x"), "must use http or https, not gopher");
  EXPECT_EQ(refusal("hooks.example.com/in"), "must be an absolute http or https URL");
  EXPECT_EQ(refusal("http://hooks.example.com/a b"), "must be an absolute http or https URL");
  EXPECT_EQ(refusal(""), "must be an absolute http or https URL");
  EXPECT_EQ(refusal("http:///path"), "must name a host");
  EXPECT_EQ(refusal("http:/path"), "must name a host");
  EXPECT_EQ(refusal("https://user:pass@hooks.example.com/"), "must not hold a user name or password (user:pass@)");
  EXPECT_EQ(refusal("https://token@hooks.example.com/"), "must not hold a user name or password (user:pass@)");
  EXPECT_EQ(refusal("http://hooks.example.com:0/"), "must have a port from 1 to 65535");
  EXPECT_EQ(refusal("http://hooks.example.com:65536/"), "must have a port from 1 to 65535");
  EXPECT_EQ(refusal("http://hooks.example.com:/"), "must have a port from 1 to 65535");
  EXPECT_EQ(refusal("http://hooks.example.com:99999999999999999999/"), "must have a port from 1 to 65535");
  EXPECT_EQ(refusal("http://hooks.example.com:65535/"), "");
  EXPECT_EQ(refusal("http://hook%73.example.com/"),
            "has a host that is not a valid host name (use the ASCII form of a name)");
  EXPECT_EQ(refusal("http://[v1.fe]/"), "has a host in a form that is not supported");
  const std::string_view prefix = "https://hooks.example.com/";
  std::string long_url(prefix.size() + kMaxUrlLength, 'a');
  long_url.replace(0, prefix.size(), prefix);
  EXPECT_EQ(refusal(long_url), "must be at most 2048 characters");
  EXPECT_EQ(refusal(long_url.substr(0, kMaxUrlLength)), "");
}

TEST(UrlCheck, RefusesAddressLiteralsAtOnce) {
  EXPECT_EQ(refusal("http://10.0.0.5/hook"),
            "names 10.0.0.5, a private address: webhooks may only reach public addresses (an operator can trust a "
            "host with --webhook-allow-host)");
  EXPECT_PRED2(begins, refusal("http://127.0.0.1:8080/"), "names 127.0.0.1, a loopback add");
  EXPECT_PRED2(begins, refusal("http://[::1]/"), "names ::1, a loopback addres");
  EXPECT_PRED2(begins, refusal("http://[::ffff:169.254.169.254]/"), "names ::ffff:169.254.169.254 (IPv4-mapped 169.254.169.254), a li");
  EXPECT_PRED2(begins, refusal("http://[fd00::1]/"), "names fd00::1, a unique local a");
  EXPECT_PRED2(begins, refusal("http://0.0.0.0/"), "names 0.0.0.0, the unspecified addr");
}

TEST(UrlCheck, ReadsTheLegacyIpv4FormsAsTheAddressesTheyAre) {
  // getaddrinfo and curl turn each of these into 127.0.0.1 (or 10.0.0.5): no DNS is asked.
  for (const char* url : {"http://2130706433/", "http://0x7f.1/", "http://0x7f000001/", "http://0177.0.0.1/",
                          "http://127.1/", "http://0x7F.0.0.1/"})
    EXPECT_PRED2(begins, refusal(url), "names 127.0.0.1,") << url;
  EXPECT_PRED2(begins, refusal("http://012.0.0.5/"), "names 10.0.0.5,");
  auto t = parse_target("http://0x08080808/", "url");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->host, "8.8.8.8");
  EXPECT_EQ(t->url, "http://8.8.8.8/");
  EXPECT_EQ(parse_target("http://[2606:4700:4700:0::1111]:8443/x", "url")->url, "http://[2606:4700:4700::1111]:8443/x");
}

TEST(UrlCheck, RefusesNamesWhenAnyAddressIsRefused) {
  EXPECT_EQ(refusal("https://internal.example.com/"),
            "internal.example.com resolves to 10.0.0.5, a private address: webhooks may only reach public addresses "
            "(an operator can trust a host with --webhook-allow-host)");
  EXPECT_PRED2(begins, refusal("https://mixed.example.com/"), "mixed.example.com resolves to 127.0.0.1, a loopb");
  EXPECT_PRED2(begins, refusal("https://v6-loopback.example.com/"), "v6-loopback.example.com resolves to ::1, a lo");
  EXPECT_PRED2(begins, refusal("https://mapped.example.com/"), "mapped.example.com resolves to ::ffff:192.168.0.10 (IPv4-mapped 192.168.0.10), a priva");
  EXPECT_PRED2(begins, refusal("http://localhost:8080/"), "localhost resolves to 127.0.0.1, a loopba");
  EXPECT_EQ(refusal("http://nowhere.example.com/"), "nowhere.example.com does not resolve (Name or service not known)");
  auto r = check_url("http://nowhere.example.com/", "url", {}, kNames);
  EXPECT_EQ(r.problem().errors.at(0).code, "unresolvable");
  EXPECT_EQ(check_url("http://10.0.0.1/", "target", {}, kNames).problem().errors.at(0).field, "target");
  EXPECT_EQ(check_url("http://10.0.0.1/", "target", {}, kNames).problem().errors.at(0).code, "forbidden_address");
}

TEST(UrlCheck, DnsThatDoesNotAnswerIsUnavailableNotInvalid) {
  Resolver slow = [](const std::string&, std::chrono::milliseconds) {
    return Resolution{Resolution::Status::timed_out, {}, "no answer within 5000 ms"};
  };
  auto r = check_url("https://hooks.example.com/", "url", {}, slow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem().status, 503);
  EXPECT_EQ(r.problem().detail,
            "`url`: hooks.example.com could not be resolved now (no answer within 5000 ms); try again");
}

TEST(UrlCheck, TheAllowListAdmitsTrustedHostsAndAddresses) {
  AllowList names({"internal.example.com", "localhost"});
  EXPECT_EQ(refusal("https://internal.example.com/", names), "");
  EXPECT_EQ(refusal("http://localhost:8080/", names), "") << "whatever an allowed name resolves to";
  EXPECT_NE(refusal("http://mixed.example.com/", names), "");
  AllowList addresses({"127.0.0.1", "10.0.0.5", "::1"});
  EXPECT_EQ(refusal("http://127.0.0.1:9000/", addresses), "");
  EXPECT_EQ(refusal("http://0x7f.1:9000/", addresses), "") << "the same address written otherwise";
  EXPECT_EQ(refusal("http://[::ffff:127.0.0.1]:9000/", addresses), "");
  EXPECT_EQ(refusal("https://internal.example.com/", addresses), "") << "a name resolving to an allowed address";
  EXPECT_EQ(refusal("http://localhost/", addresses), "");
  AllowList only_v4({"127.0.0.1"});
  EXPECT_PRED2(begins, refusal("http://localhost/", only_v4), "localhost resolves to ::1, a loopba")
      << "every address must be public or allowed";
}

TEST(Resolver, ResolvesLocalhostFromTheHostsFile) {
  auto r = resolve_system("localhost", 2s);
  ASSERT_EQ(r.status, Resolution::Status::ok) << r.error;
  EXPECT_NE(std::find(r.addresses.begin(), r.addresses.end(), boost::asio::ip::make_address("127.0.0.1")),
            r.addresses.end());
}

}  // namespace
}  // namespace rapport::net
