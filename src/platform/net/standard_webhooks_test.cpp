#include "platform/net/standard_webhooks.hpp"

#include <gtest/gtest.h>

#include "platform/ids.hpp"

namespace rapport::net::standard_webhooks {
namespace {

// The vector of the Standard Webhooks reference libraries' tests (the same in every language).
// Checked independently in the shell:
//   printf '%s' 'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}' |
//     openssl dgst -sha256 -mac HMAC -macopt hexkey:$(printf MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw | base64 -d | xxd -p) -binary | base64
constexpr const char* kReferenceSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* kReferenceId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::int64_t kReferenceTime = 1614265330;
constexpr const char* kReferenceBody = R"({"test": 2432232314})";
constexpr const char* kReferenceSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

// Ours, computed with the openssl command line, not with this code:
//   k1=$(printf 'rapport standard webhooks test' | openssl dgst -sha256 -hex | awk '{print $2}')   # 32 bytes
//   k2=$(printf 'rotation' | openssl dgst -sha256 -hex | awk '{print substr($2,1,48)}')          # 24 bytes
//   secret: echo "whsec_$(printf $k | xxd -r -p | base64)"
//   signature: printf '%s' "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W.1674087231.$kBody" |
//                openssl dgst -sha256 -mac HMAC -macopt hexkey:$k -binary | base64
constexpr const char* kSecret1 = "whsec_8X81NMCcLx7zUq1ifNUv8X2vP+trNLcEgfdGwj6XtMw=";
constexpr const char* kSecret2 = "whsec_IkYQ8QKJC8DkDEn/tFa7k9Rabe6I3Jp7";
constexpr const char* kId = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
constexpr std::int64_t kTime = 1674087231;
constexpr const char* kBody =
    R"({"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"1f81eb52-5198-4599-803e-771906343485"}})";
constexpr const char* kSignature1 = "v1,1fAD3k6EvvWcqPWOG5jLym/U4epI84HNui6yQiICRDs=";
constexpr const char* kSignature2 = "v1,whsCO+li577QSzyivEMzlVnPIFccTsG0jtsVl3iQo+g=";

TEST(StandardWebhooks, SignsLikeTheSpecificationsReferenceAndOpenssl) {
  EXPECT_EQ(sign(kReferenceId, kReferenceTime, kReferenceBody, {kReferenceSecret}), kReferenceSignature);
  EXPECT_EQ(sign(kId, kTime, kBody, {kSecret1}), kSignature1);
  EXPECT_EQ(sign(kId, kTime, kBody, {kSecret2}), kSignature2);
}

TEST(StandardWebhooks, SignsWithEverySecretDuringARotation) {
  auto h = headers(kId, kTime, kBody, {kSecret1, kSecret2});
  EXPECT_EQ(h.id, kId);
  EXPECT_EQ(h.timestamp, "1674087231");
  EXPECT_EQ(h.signature, std::string(kSignature1) + " " + kSignature2);
  // A receiver that knows either secret accepts it.
  EXPECT_EQ(verify(kId, h.timestamp, kBody, h.signature, {kSecret2}, kTime), Verification::ok);
  EXPECT_EQ(verify(kId, h.timestamp, kBody, h.signature, {kSecret1}, kTime), Verification::ok);
  EXPECT_EQ(verify(kId, h.timestamp, kBody, h.signature, {kReferenceSecret}, kTime), Verification::no_signature);
}

TEST(StandardWebhooks, VerifiesOnlyAnUnalteredRecentMessage) {
  const std::vector<std::string> secrets{kSecret1};
  EXPECT_EQ(verify(kId, "1674087231", kBody, kSignature1, secrets, kTime + 299), Verification::ok);
  EXPECT_EQ(verify(kId, "1674087231", kBody, kSignature1, secrets, kTime - 300), Verification::ok);
  EXPECT_EQ(verify(kId, "1674087231", kBody, kSignature1, secrets, kTime + 301), Verification::too_old);
  EXPECT_EQ(verify(kId, "1674087231", kBody, kSignature1, secrets, kTime - 301), Verification::too_new);
  std::string altered = kBody;
  altered.back() = ' ';
  EXPECT_EQ(verify(kId, "1674087231", altered, kSignature1, secrets, kTime), Verification::no_signature);
  EXPECT_EQ(verify("msg_other", "1674087231", kBody, kSignature1, secrets, kTime), Verification::no_signature);
  EXPECT_EQ(verify(kId, "1674087232", kBody, kSignature1, secrets, kTime), Verification::no_signature);
  // Other schemes and malformed entries are skipped; one good v1 among them is enough.
  std::string mixed = std::string("v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg== ") +
                      "v1,notbase64! v1,AAAA " + kSignature1;
  EXPECT_EQ(verify(kId, "1674087231", kBody, mixed, secrets, kTime), Verification::ok);
  EXPECT_EQ(verify(kId, "1674087231", kBody, "v2,1fAD3k6EvvWcqPWOG5jLym/U4epI84HNui6yQiICRDs=", secrets, kTime),
            Verification::no_signature);
  EXPECT_EQ(verify(kId, "1674087231", kBody, kSignature1, {"whsec_short", "not a secret"}, kTime),
            Verification::no_signature);
  EXPECT_EQ(verify(kId, "1674087231", kBody, "", secrets, kTime), Verification::malformed);
  EXPECT_EQ(verify(kId, "", kBody, kSignature1, secrets, kTime), Verification::malformed);
  EXPECT_EQ(verify(kId, "1674087231.5", kBody, kSignature1, secrets, kTime), Verification::malformed);
  EXPECT_EQ(verify(kId, "-1", kBody, kSignature1, secrets, kTime), Verification::malformed);
  EXPECT_EQ(verify("msg.1", "1674087231", kBody, kSignature1, secrets, kTime), Verification::malformed);
}

TEST(StandardWebhooks, SecretsAreWhsecAndBase64Of24To64RandomBytes) {
  auto s = generate_secret();
  EXPECT_EQ(s.rfind("whsec_", 0), 0u);
  ASSERT_TRUE(secret_key(s));
  EXPECT_EQ(secret_key(s)->size(), 32u);
  EXPECT_NE(generate_secret(), s);
  EXPECT_EQ(secret_key(generate_secret(1))->size(), 24u) << "clamped";
  EXPECT_EQ(secret_key(generate_secret(100))->size(), 64u) << "clamped";
  EXPECT_EQ(secret_key(kReferenceSecret)->size(), 24u);
  EXPECT_FALSE(secret_key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")) << "the prefix is required";
  EXPECT_FALSE(secret_key("whsec_" + ids::base64_encode(std::string(23, 'k'))));
  EXPECT_FALSE(secret_key("whsec_" + ids::base64_encode(std::string(65, 'k'))));
  EXPECT_TRUE(secret_key("whsec_" + ids::base64_encode(std::string(64, 'k'))));
  EXPECT_FALSE(secret_key("whsec_not*base64"));
}

TEST(StandardWebhooksDeathTest, AnIdWithADotIsABugInTheSender) {
  EXPECT_DEATH((void)sign("msg.1", kTime, kBody, {kSecret1}), "");  // the message goes to the log (stdout)
  EXPECT_DEATH((void)sign(kId, kTime, kBody, {"whsec_short"}), "");
}

}  // namespace
}  // namespace rapport::net::standard_webhooks
