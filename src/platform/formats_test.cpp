#include "platform/formats.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

TEST(FormatsEmail, AcceptsPlainAndDotAtomAddresses) {
  EXPECT_TRUE(rapport::formats::is_email("a@b.co"));
  EXPECT_TRUE(rapport::formats::is_email("first.last@example.com"));
  EXPECT_TRUE(rapport::formats::is_email("user+tag@sub.example.co.uk"));
  EXPECT_TRUE(rapport::formats::is_email("o'brien!#$%&*/=?^_`{|}~-@example.org"));
  EXPECT_TRUE(rapport::formats::is_email("x@xn--bcher-kva.example"));
  EXPECT_TRUE(rapport::formats::is_email("J\xC3\xBCrgen.\xC3\x84rger@example.de")) << "RFC 6531 local part";
}

TEST(FormatsEmail, RefusesIllFormedUtf8InTheLocalPart) {
  EXPECT_FALSE(rapport::formats::is_email("j\xFCrgen@example.de"));      // Latin-1, not UTF-8
  EXPECT_FALSE(rapport::formats::is_email("j\xC3@example.de"));          // truncated sequence
  EXPECT_FALSE(rapport::formats::is_email("a@m\xC3\xBCnchen.de"));       // the domain stays ASCII or punycode
}

TEST(FormatsEmail, RejectsMalformedAddresses) {
  EXPECT_FALSE(rapport::formats::is_email(""));
  EXPECT_FALSE(rapport::formats::is_email("a@b"));
  EXPECT_FALSE(rapport::formats::is_email("a b@c.com"));
  EXPECT_FALSE(rapport::formats::is_email(".a@b.com"));
  EXPECT_FALSE(rapport::formats::is_email("a.@b.com"));
  EXPECT_FALSE(rapport::formats::is_email("a..b@c.com"));
  EXPECT_FALSE(rapport::formats::is_email("@b.com"));
  EXPECT_FALSE(rapport::formats::is_email("a@@b.com"));
  EXPECT_FALSE(rapport::formats::is_email("a@b@c.com"));
  EXPECT_FALSE(rapport::formats::is_email("no-at-sign.com"));
  EXPECT_FALSE(rapport::formats::is_email("a\t@b.com"));
  EXPECT_FALSE(rapport::formats::is_email("\"quoted\"@b.com"));
  EXPECT_FALSE(rapport::formats::is_email("a@-b.com"));
}

TEST(FormatsEmail, EnforcesLengthLimits) {
  EXPECT_TRUE(rapport::formats::is_email(std::string(64, 'a') + "@b.co"));
  EXPECT_FALSE(rapport::formats::is_email(std::string(65, 'a') + "@b.co"));

  // 64 + 1 + (63 + 1) * 2 + 61 = 254 characters: the longest allowed.
  std::string domain = std::string(63, 'd') + "." + std::string(63, 'e') + "." + std::string(61, 'f');
  std::string longest = std::string(64, 'a') + "@" + domain;
  ASSERT_EQ(longest.size(), 254u);
  EXPECT_TRUE(rapport::formats::is_email(longest));
  std::string too_long = std::string(64, 'a') + "@" + domain + "f";
  ASSERT_EQ(too_long.size(), 255u);
  EXPECT_FALSE(rapport::formats::is_email(too_long));
}

TEST(FormatsDomain, AcceptsHostNames) {
  EXPECT_TRUE(rapport::formats::is_domain("example.com"));
  EXPECT_TRUE(rapport::formats::is_domain("sub.example.co.uk"));
  EXPECT_TRUE(rapport::formats::is_domain("my-host1.Example.COM"));
  EXPECT_TRUE(rapport::formats::is_domain("xn--bcher-kva.de"));
  EXPECT_TRUE(rapport::formats::is_domain("example.xn--p1ai"));
  EXPECT_TRUE(rapport::formats::is_domain(std::string(63, 'a') + ".com"));
}

TEST(FormatsDomain, RejectsMalformedHostNames) {
  EXPECT_FALSE(rapport::formats::is_domain(""));
  EXPECT_FALSE(rapport::formats::is_domain("localhost"));
  EXPECT_FALSE(rapport::formats::is_domain("example.c"));
  EXPECT_FALSE(rapport::formats::is_domain("example.c0m"));
  EXPECT_FALSE(rapport::formats::is_domain("example.com."));
  EXPECT_FALSE(rapport::formats::is_domain(".example.com"));
  EXPECT_FALSE(rapport::formats::is_domain("a..com"));
  EXPECT_FALSE(rapport::formats::is_domain("-a.com"));
  EXPECT_FALSE(rapport::formats::is_domain("a-.com"));
  EXPECT_FALSE(rapport::formats::is_domain("under_score.com"));
  EXPECT_FALSE(rapport::formats::is_domain("exa mple.com"));
  EXPECT_FALSE(rapport::formats::is_domain("192.168.0.1"));
  EXPECT_FALSE(rapport::formats::is_domain(std::string(64, 'a') + ".com"));
  std::string long_name;
  for (int i = 0; i < 4; ++i) long_name += std::string(63, 'a') + ".";
  long_name += "com";  // 259 characters
  EXPECT_FALSE(rapport::formats::is_domain(long_name));
}

TEST(FormatsUrl, AcceptsHttpAndHttps) {
  EXPECT_TRUE(rapport::formats::is_url("https://example.com/x?y=1"));
  EXPECT_TRUE(rapport::formats::is_url("http://example.com"));
  EXPECT_TRUE(rapport::formats::is_url("HTTPS://Example.com:8443/a/b#frag"));
  EXPECT_TRUE(rapport::formats::is_url("http://127.0.0.1:8080/"));
  EXPECT_TRUE(rapport::formats::is_url("https://user@example.com/%20x"));
  EXPECT_TRUE(rapport::formats::is_url("https://example.com/#contact"));
}

TEST(FormatsUrl, RejectsOtherUrls) {
  EXPECT_FALSE(rapport::formats::is_url(""));
  EXPECT_FALSE(rapport::formats::is_url("ftp://x.com"));
  EXPECT_FALSE(rapport::formats::is_url("mailto:a@b.com"));
  EXPECT_FALSE(rapport::formats::is_url("example.com"));
  EXPECT_FALSE(rapport::formats::is_url("//example.com/x"));
  EXPECT_FALSE(rapport::formats::is_url("http://"));
  EXPECT_FALSE(rapport::formats::is_url("http:///path"));
  EXPECT_FALSE(rapport::formats::is_url("http:example.com"));
  EXPECT_FALSE(rapport::formats::is_url("https://example.com/a b"));
  EXPECT_FALSE(rapport::formats::is_url("https://exa<mple.com/"));
  EXPECT_FALSE(rapport::formats::is_url("https://example.com/\n"));
  EXPECT_FALSE(rapport::formats::is_url("https://example.com/#a#b"));
  EXPECT_TRUE(rapport::formats::is_url("https://example.com/" + std::string(2028, 'a')));  // 2048 chars
  EXPECT_FALSE(rapport::formats::is_url("https://example.com/" + std::string(2029, 'a')));
}

TEST(FormatsCountry, AcceptsAssignedCodesOnly) {
  EXPECT_TRUE(rapport::formats::is_country("DE"));
  EXPECT_TRUE(rapport::formats::is_country("GB"));
  EXPECT_TRUE(rapport::formats::is_country("AD"));  // first in the list
  EXPECT_TRUE(rapport::formats::is_country("ZW"));  // last in the list
  EXPECT_FALSE(rapport::formats::is_country("de"));
  EXPECT_FALSE(rapport::formats::is_country("XX"));
  EXPECT_FALSE(rapport::formats::is_country("UK"));
  EXPECT_FALSE(rapport::formats::is_country(""));
  EXPECT_FALSE(rapport::formats::is_country("D"));
  EXPECT_FALSE(rapport::formats::is_country("DEU"));
}

TEST(FormatsCurrency, AcceptsActiveCodesOnly) {
  EXPECT_TRUE(rapport::formats::is_currency("EUR"));
  EXPECT_TRUE(rapport::formats::is_currency("USD"));
  EXPECT_TRUE(rapport::formats::is_currency("AED"));  // first in the list
  EXPECT_TRUE(rapport::formats::is_currency("ZWG"));  // last in the list
  EXPECT_FALSE(rapport::formats::is_currency("eur"));
  EXPECT_FALSE(rapport::formats::is_currency("ABC"));
  EXPECT_FALSE(rapport::formats::is_currency("DEM"));  // replaced by the euro
  EXPECT_FALSE(rapport::formats::is_currency("HRK"));  // replaced by the euro in 2023
  EXPECT_FALSE(rapport::formats::is_currency(""));
  EXPECT_FALSE(rapport::formats::is_currency("EU"));
  EXPECT_FALSE(rapport::formats::is_currency("EURO"));
}

TEST(FormatsCurrency, MinorDigits) {
  EXPECT_EQ(rapport::formats::currency_minor_digits("USD"), 2);
  EXPECT_EQ(rapport::formats::currency_minor_digits("EUR"), 2);
  EXPECT_EQ(rapport::formats::currency_minor_digits("JPY"), 0);
  EXPECT_EQ(rapport::formats::currency_minor_digits("KRW"), 0);
  EXPECT_EQ(rapport::formats::currency_minor_digits("KWD"), 3);
  EXPECT_EQ(rapport::formats::currency_minor_digits("CLF"), 4);
  EXPECT_EQ(rapport::formats::currency_minor_digits("ZZZ"), -1);
  EXPECT_EQ(rapport::formats::currency_minor_digits("usd"), -1);
  EXPECT_EQ(rapport::formats::currency_minor_digits(""), -1);
}

TEST(FormatsPhone, NormalisesValidNumbers) {
  EXPECT_EQ(rapport::formats::to_e164("+1 650-253-0000", ""), "+16502530000");
  EXPECT_EQ(rapport::formats::to_e164("+1 650-253-0000", "DE"), "+16502530000");  // '+' wins over the region
  EXPECT_EQ(rapport::formats::to_e164("(650) 253-0000", "US"), "+16502530000");
  EXPECT_EQ(rapport::formats::to_e164("(650) 253-0000", "us"), "+16502530000");
  EXPECT_EQ(rapport::formats::to_e164("+44 20 7946 0958", ""), "+442079460958");

  auto berlin = rapport::formats::to_e164("030 123456", "DE");
  ASSERT_TRUE(berlin.has_value());
  EXPECT_EQ(berlin->rfind("+4930", 0), 0u) << *berlin;
}

TEST(FormatsPhone, RejectsInvalidNumbers) {
  EXPECT_EQ(rapport::formats::to_e164("12345", ""), std::nullopt);
  EXPECT_EQ(rapport::formats::to_e164("(650) 253-0000", ""), std::nullopt);  // no '+' and no region
  EXPECT_EQ(rapport::formats::to_e164("+999 123", ""), std::nullopt);
  EXPECT_EQ(rapport::formats::to_e164("not a phone", "US"), std::nullopt);
  EXPECT_EQ(rapport::formats::to_e164("not a phone", ""), std::nullopt);
  EXPECT_EQ(rapport::formats::to_e164("", "US"), std::nullopt);
  EXPECT_EQ(rapport::formats::to_e164("123", "US"), std::nullopt);
  EXPECT_EQ(rapport::formats::to_e164("(650) 253-0000", "USA"), std::nullopt);  // not an alpha-2 code
  EXPECT_EQ(rapport::formats::to_e164("+1 650-253-0000", "USA"), "+16502530000");
  EXPECT_EQ(rapport::formats::to_e164("+1 650-253-0000" + std::string(60, ' '), ""), std::nullopt);  // > 64 chars
}

}  // namespace
