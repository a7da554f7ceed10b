// Unit tests of the small platform pieces: time, ids, router, ETag matching, audit diffs.
#include <gtest/gtest.h>

#include <set>

#include "platform/clock.hpp"
#include "platform/http/api.hpp"
#include "platform/http/router.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"

namespace rapport {
namespace {
namespace json = boost::json;

TEST(Clock, ParsesAndFormatsRfc3339) {
  EXPECT_EQ(clock::parse_datetime("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(clock::parse_datetime("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(clock::parse_datetime("1970-01-01T00:00:00.123456Z"), 123);
  EXPECT_EQ(clock::format_ms(1767225600123), "2026-01-01T00:00:00.123Z");
  for (const char* bad : {"", "2026-01-01", "2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:00:00",
                          "2026-01-01T00:00:00+0100", "2026-01-01T00:00:00Zjunk", "2026-01-01T00:00:00."})
    EXPECT_FALSE(clock::parse_datetime(bad).has_value()) << bad;
  EXPECT_TRUE(clock::is_date("2024-02-29"));
  EXPECT_FALSE(clock::is_date("2023-02-29"));
}

TEST(Ids, UuidV7IsSortableAndWellFormed) {
  std::string prev;
  std::set<std::string> seen;
  for (int i = 0; i < 5000; ++i) {
    std::string id = ids::uuid_v7();
    ASSERT_TRUE(ids::is_uuid(id));
    EXPECT_EQ(id[14], '7');
    EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
    EXPECT_GT(id, prev);  // monotonic within the process, so inserts append to the index
    prev = id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 5000u);
  EXPECT_FALSE(ids::is_uuid("01234567-89ab-cdef-0123-456789abcdeg"));
}

TEST(Ids, AListOfIdsIsCommaSeparatedUuidsInLowerCase) {
  const std::string a = "01A23D2F-A5BA-734B-9F10-302B429C4580", b = ids::uuid_v7();
  auto one = ids::uuid_list(a);
  ASSERT_TRUE(one);
  EXPECT_EQ(*one, std::vector<std::string>{"01a23d2f-a5ba-734b-9f10-302b429c4580"});
  auto two = ids::uuid_list(a + "," + b);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->size(), 2u);
  EXPECT_EQ(two->at(1), b);
  for (const std::string& bad : {std::string(""), a + ",", "," + b, a + ",," + b, a + ", " + b, std::string("x")})
    EXPECT_FALSE(ids::uuid_list(bad)) << "'" << bad << "'";
}

TEST(Ids, TokensAreLongRandomAndHashed) {
  auto a = ids::random_token(32), b = ids::random_token(32);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);  // 256 bits in base64url
  EXPECT_EQ(ids::token_hash(a).size(), 64u);
  EXPECT_NE(ids::token_hash(a), ids::token_hash(b));
  // Unkeyed BLAKE2b-256, hex; expected values from Python's hashlib.blake2b(digest_size=32).
  EXPECT_EQ(ids::token_hash("rps_example"), "ab7df1f8d15c6ef8acc9d90b98ce4734c8775398455e1757f07238c784492dee");
  EXPECT_EQ(ids::token_hash(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  std::string back;
  ASSERT_TRUE(ids::base64url_decode(ids::base64url_encode("hello\xff"), back));
  EXPECT_EQ(back, "hello\xff");
  EXPECT_FALSE(ids::base64url_decode("a+b/", back));
}

TEST(Router, MatchesParametersAndReportsAllowedMethods) {
  http::Router r;
  r.add("GET", "/api/v1/contacts/{id}/timeline", [](http::Request&) { return http::Response{}; }, {});
  r.add("GET", "/api/v1/contacts/{id}", [](http::Request&) { return http::Response{}; }, {});
  r.add("PATCH", "/api/v1/contacts/{id}", [](http::Request&) { return http::Response{}; }, {});
  http::Request req;
  auto m = r.match("GET", "/api/v1/contacts/abc/timeline", &req);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(req.params.at("id"), "abc");
  EXPECT_EQ(req.route, "/api/v1/contacts/{id}/timeline");
  auto wrong = r.match("DELETE", "/api/v1/contacts/abc");
  EXPECT_EQ(wrong.route, nullptr);
  EXPECT_TRUE(wrong.path_exists);
  EXPECT_EQ(wrong.allowed, (std::vector<std::string>{"GET", "PATCH"}));
  EXPECT_FALSE(r.match("GET", "/api/v1/contacts").path_exists);
}

TEST(ETag, IfMatchAcceptsCurrentVersionOnly) {
  EXPECT_EQ(http::etag(3), "\"3\"");
  EXPECT_TRUE(http::if_match_allows("", 3));
  EXPECT_TRUE(http::if_match_allows("\"3\"", 3));
  EXPECT_TRUE(http::if_match_allows("W/\"3\"", 3));
  EXPECT_TRUE(http::if_match_allows("\"1\", \"3\"", 3));
  EXPECT_TRUE(http::if_match_allows("*", 3));
  EXPECT_FALSE(http::if_match_allows("\"2\"", 3));
  EXPECT_FALSE(http::if_match_allows("3", 3));
}

TEST(Journal, DiffListsChangedFieldsIncludingCustom) {
  json::object before{{"name", "A"}, {"city", nullptr}, {"version", 1}, {"custom", json::object{{"tier", "gold"}, {"x", 1}}}};
  json::object after{{"name", "B"}, {"city", nullptr}, {"version", 2}, {"custom", json::object{{"tier", "silver"}}}};
  auto d = journal::diff(before, after);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].at("field"), "name");
  EXPECT_EQ(d[0].at("before"), "A");
  EXPECT_EQ(d[0].at("after"), "B");
  EXPECT_EQ(d[1].at("field"), "custom.tier");
  EXPECT_EQ(d[2].at("field"), "custom.x");
  EXPECT_TRUE(d[2].at("after").is_null());
  EXPECT_TRUE(journal::diff(before, before).empty());
}

}  // namespace
}  // namespace rapport

#include "platform/json_text.hpp"

namespace rapport {
namespace {

TEST(JsonText, EscapesLikeTheJsonSerializer) {
  for (std::string s : {std::string("plain"), std::string("quote\" back\\slash"), std::string("ctl\n\t\r\b\f\x01\x1f"),
                        std::string("utf8 \xc3\xa9 \xe2\x82\xac"), std::string()}) {
    std::string out;
    json_text::append_string(out, s);
    EXPECT_EQ(boost::json::parse(out).as_string(), s);
    EXPECT_EQ(out, boost::json::serialize(boost::json::value(s)));
  }
  std::string n;
  json_text::append_int(n, -9223372036854775807LL - 1);
  EXPECT_EQ(n, "-9223372036854775808");
}

}  // namespace
}  // namespace rapport

namespace rapport {
namespace {

TEST(JsonText, WordScanFindsEveryEscapeAtEveryOffset) {
  for (char special : {'"', '\\', '\n', '\x01', '\x1f'}) {
    for (std::size_t len = 1; len < 24; ++len) {
      for (std::size_t pos = 0; pos < len; ++pos) {
        std::string s(len, 'a');
        s[pos] = special;
        if (len > 3) s[len - 1] = '\xc3', s[len - 2] = 'x';  // a high byte nearby must not hide it
        std::string out;
        json_text::append_string(out, s);
        ASSERT_EQ(out, boost::json::serialize(boost::json::value(s))) << int(special) << " " << len << " " << pos;
      }
    }
  }
}

}  // namespace
}  // namespace rapport
