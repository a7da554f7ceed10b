#include "platform/utf8.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "platform/problem.hpp"

namespace rapport {

TEST(Utf8, KeepsWellFormedText) {
  for (const char* s : {"", "plain", "caf\xc3\xa9", "\xe2\x82\xac 5", "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf"}) {
    EXPECT_TRUE(utf8::valid(s)) << s;
    EXPECT_EQ(utf8::scrub(s), s);
  }
}

TEST(Utf8, ReplacesWhatIsNotUtf8) {
  const std::string fffd = "\xef\xbf\xbd";
  EXPECT_EQ(utf8::scrub("nope\xff\xc0"), "nope" + fffd + fffd);
  EXPECT_EQ(utf8::scrub("\xc3"), fffd) << "truncated sequence";
  EXPECT_EQ(utf8::scrub("\xc0\xaf"), fffd + fffd) << "overlong '/'";
  EXPECT_EQ(utf8::scrub("\xe0\x80\xaf"), fffd + fffd + fffd) << "overlong, three bytes";
  EXPECT_EQ(utf8::scrub("\xed\xa0\x80"), fffd + fffd + fffd) << "surrogate";
  EXPECT_EQ(utf8::scrub("\xf4\x90\x80\x80"), fffd + fffd + fffd + fffd) << "above U+10FFFF";
  EXPECT_EQ(utf8::scrub("a\x80z"), "a" + fffd + "z") << "lone continuation byte";
  for (const char* s : {"\xff", "\xc3", "\xed\xa0\x80"}) EXPECT_FALSE(utf8::valid(s));
}

TEST(Utf8, ValidPrefixTellsATruncatedSequenceFromAnInvalidByte) {
  EXPECT_EQ(utf8::valid_prefix("caf\xc3\xa9").valid, 5u);
  auto cut = utf8::valid_prefix("caf\xc3");
  EXPECT_EQ(cut.valid, 3u);
  EXPECT_TRUE(cut.incomplete) << "the next piece may bring the continuation byte";
  auto euro = utf8::valid_prefix("5 \xe2\x82");
  EXPECT_EQ(euro.valid, 2u);
  EXPECT_TRUE(euro.incomplete);
  auto latin1 = utf8::valid_prefix("caf\xe9 au lait");
  EXPECT_EQ(latin1.valid, 3u);
  EXPECT_FALSE(latin1.incomplete) << "0xE9 followed by a space is no UTF-8 sequence";
  EXPECT_FALSE(utf8::valid_prefix("\xed\xa0").incomplete) << "a surrogate's start";
  EXPECT_FALSE(utf8::valid_prefix("\xff").incomplete);
  EXPECT_FALSE(utf8::valid_prefix("\x80").incomplete) << "a lone continuation byte";
}

TEST(Utf8, ProblemDocumentsAreValidJsonWhateverTheRequestSent) {
  Problem p = Problem::not_found("No route for /api/v1/nope\xff\xc0");
  p.errors.push_back({"q\xfe", "unknown", "is not a parameter: \xc3"});
  std::string body = boost::json::serialize(p.to_json("/api/v1/nope\xff\xc0"));
  EXPECT_TRUE(utf8::valid(body)) << body;
  boost::system::error_code ec;
  auto parsed = boost::json::parse(body, ec);
  ASSERT_FALSE(ec) << body;
  EXPECT_EQ(parsed.at("instance"), "/api/v1/nope\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(Utf8, DecodeGivesCodePointsOfWellFormedTextOnly) {
  EXPECT_EQ(utf8::decode("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), std::u32string(U"a\u00e9\u20ac\U0001F600"));
  EXPECT_EQ(utf8::decode(""), std::u32string());
  EXPECT_FALSE(utf8::decode("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(utf8::decode("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(utf8::decode("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(utf8::decode("ab\xc3"));            // cut short
}

TEST(Utf8, ClipCutsBetweenCharacters) {
  EXPECT_EQ(utf8::clip("abc", 5), "abc");
  EXPECT_EQ(utf8::clip("abc", 2), "ab");
  EXPECT_EQ(utf8::clip("a\xc3\xa9" "b", 2), "a") << "not inside the é";
  EXPECT_EQ(utf8::clip("a\xc3\xa9" "b", 3), "a\xc3\xa9");
  EXPECT_EQ(utf8::clip("\xf0\x9f\x98\x80", 3), "");
}

}  // namespace rapport
