#include "modules/marketing/tracking_token.hpp"

#include <gtest/gtest.h>

namespace rapport::marketing {
namespace {

const std::string kWs = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const std::string kOtherWs = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c";
const std::string kCampaign = "0190a1b2-0000-7000-8000-00000000000a";
const std::string kContact = "0190a1b2-0000-7000-8000-0000000000ff";

TokenClaims click(uint32_t link) { return {TokenKind::Click, kWs, kCampaign, kContact, 1'780'000'000, link}; }

TEST(TrackingToken, ReadsBackItsClaimsInAUrlSafeCompactForm) {
  Vault vault(std::string(32, 'k'));
  const std::string token = make_token(vault, click(7));
  EXPECT_LE(token.size(), 140u);
  EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."), std::string::npos) << token;
  auto back = read_token(vault, token, TokenKind::Click);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->workspace_id, kWs);
  EXPECT_EQ(back->campaign_id, kCampaign);
  EXPECT_EQ(back->contact_id, kContact);
  EXPECT_EQ(back->issued_s, 1'780'000'000);
  EXPECT_EQ(back->link, 7u);
  auto open = read_token(vault, make_token(vault, {TokenKind::Open, kWs, kCampaign, kContact, 5, 0}), TokenKind::Open);
  ASSERT_TRUE(open);
  EXPECT_EQ(open->kind, TokenKind::Open);
  EXPECT_EQ(open->issued_s, 5);
  EXPECT_NE(make_token(vault, click(7)), token) << "a fresh nonce each time";
  EXPECT_THROW(make_token(vault, {TokenKind::Open, "w1", kCampaign, kContact, 0, 0}), std::invalid_argument);
}

TEST(TrackingToken, RefusesAlteredForeignAndOtherKindTokens) {
  Vault vault(std::string(32, 'k'));
  Vault other(std::string(32, 'o'));
  const std::string token = make_token(vault, click(1));
  for (std::size_t at : {std::size_t{0}, std::size_t{20}, std::size_t{30}, token.size() - 2}) {
    std::string altered = token;
    altered[at] = altered[at] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(read_token(vault, altered, TokenKind::Click)) << "altered at " << at;
  }
  EXPECT_FALSE(read_token(other, token, TokenKind::Click)) << "another installation's key";
  EXPECT_FALSE(read_token(vault, token, TokenKind::Open)) << "a click token is not an open token";
  EXPECT_FALSE(read_token(vault, token, TokenKind::Unsubscribe));
  // The same sealed part under another workspace's prefix: that workspace's key refuses it.
  const std::string foreign = make_token(vault, {TokenKind::Click, kOtherWs, kCampaign, kContact, 1, 1});
  EXPECT_FALSE(read_token(vault, token.substr(0, 22) + foreign.substr(22), TokenKind::Click));
  EXPECT_FALSE(read_token(vault, "", TokenKind::Click));
  EXPECT_FALSE(read_token(vault, token.substr(0, 22), TokenKind::Click));
  EXPECT_FALSE(read_token(vault, std::string(300, 'a'), TokenKind::Click));
  EXPECT_FALSE(read_token(vault, token.substr(0, 22) + vault.seal("c", "mkt:" + kWs), TokenKind::Click)) << "short payload";
}

}  // namespace
}  // namespace rapport::marketing
