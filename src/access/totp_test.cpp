// TOTP against RFC 6238's test vectors (Appendix B, SHA-1) and, when installed, oathtool.
#include "access/totp.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <memory>

namespace rapport::access::totp {
namespace {

const std::string kRfcSecret = "12345678901234567890";

TEST(Totp, MatchesTheRfc6238Vectors) {
  struct V {
    int64_t time;
    const char* code;
  };
  for (auto v : {V{59, "94287082"}, V{1111111109, "07081804"}, V{1111111111, "14050471"}, V{1234567890, "89005924"},
                 V{2000000000, "69279037"}, V{20000000000, "65353130"}}) {
    EXPECT_EQ(code_at(kRfcSecret, step_of(v.time), 8), v.code) << "T=" << v.time;
    // Six digits are the last six of the eight.
    EXPECT_EQ(code_at(kRfcSecret, step_of(v.time)), std::string(v.code).substr(2)) << "T=" << v.time;
  }
}

TEST(Totp, Base32RoundTripsAndMatchesRfc4648) {
  EXPECT_EQ(base32_encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(base32_encode(kRfcSecret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(base32_decode("mzxw6ytboi======"), "foobar");
  EXPECT_EQ(base32_decode("MZXW 6YTB OI"), "foobar");
  EXPECT_FALSE(base32_decode("MZXW1"));  // 1 is not in the alphabet
  auto s = new_secret();
  EXPECT_EQ(s.size(), 20u);  // 160 bits
  EXPECT_NE(s, new_secret());
  EXPECT_EQ(base32_decode(base32_encode(s)), s);
}

TEST(Totp, AcceptsOneStepOfDriftAndEachCodeOnce) {
  int64_t now = 1111111111;
  int64_t step = step_of(now);
  EXPECT_EQ(verify(kRfcSecret, code_at(kRfcSecret, step), now, 0), step);
  EXPECT_EQ(verify(kRfcSecret, code_at(kRfcSecret, step - 1), now, 0), step - 1);
  EXPECT_EQ(verify(kRfcSecret, code_at(kRfcSecret, step + 1), now, 0), step + 1);
  EXPECT_FALSE(verify(kRfcSecret, code_at(kRfcSecret, step - 2), now, 0));
  EXPECT_FALSE(verify(kRfcSecret, code_at(kRfcSecret, step + 2), now, 0));
  // Used once: the same code, or an older one, is refused afterwards.
  EXPECT_FALSE(verify(kRfcSecret, code_at(kRfcSecret, step), now, step));
  EXPECT_FALSE(verify(kRfcSecret, code_at(kRfcSecret, step - 1), now, step));
  EXPECT_FALSE(verify(kRfcSecret, "12345", now, 0));
  EXPECT_FALSE(verify(kRfcSecret, "abcdef", now, 0));
}

TEST(Totp, TheUriIsWhatAuthenticatorAppsRead) {
  EXPECT_EQ(otpauth_uri("foobar", "Rapport", "ada@example.com"),
            "otpauth://totp/Rapport:ada%40example.com?secret=MZXW6YTBOI&issuer=Rapport&algorithm=SHA1&digits=6&period=30");
}

// oathtool (Debian's oathtool package, installed by scripts/install-deps.sh) computes the same codes.
TEST(Totp, AgreesWithOathtool) {
  if (std::system("command -v oathtool >/dev/null 2>&1") != 0) {
    // scripts/test.sh (and so CI) sets RAPPORT_REQUIRE_PG=1 after installing every tool: no skipping there.
    if (std::getenv("RAPPORT_REQUIRE_PG")) FAIL() << "oathtool is not installed (scripts/install-deps.sh installs it)";
    GTEST_SKIP() << "oathtool is not installed";
  }
  auto secret = new_secret();
  auto b32 = base32_encode(secret);
  for (int64_t t : {int64_t{1700000000}, int64_t{1800000015}, int64_t{1999999999}}) {
    std::string cmd = "oathtool --totp -b " + b32 + " --now '@" + std::to_string(t) + "'";
    // oathtool takes --now as a date string; "@<seconds>" is the Unix time form.
    std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
    ASSERT_TRUE(p);
    std::array<char, 64> buf{};
    ASSERT_TRUE(fgets(buf.data(), buf.size(), p.get())) << cmd;
    std::string got(buf.data());
    while (!got.empty() && (got.back() == '\n' || got.back() == '\r')) got.pop_back();
    EXPECT_EQ(got, code_at(secret, step_of(t))) << cmd;
  }
}

}  // namespace
}  // namespace rapport::access::totp
