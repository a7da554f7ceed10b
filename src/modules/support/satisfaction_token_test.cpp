#include "modules/support/satisfaction_token.hpp"

#include <gtest/gtest.h>

namespace rapport::support {

TEST(SurveyToken, ReadsBackWhatItSealedUntilItExpires) {
  Vault vault(std::string(32, 'k'));
  const SurveyTarget t{"workspace-1", "ticket-9", 1'000'000};
  const std::string token = make_survey_token(vault, t);
  auto back = read_survey_token(vault, token, 999'999);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->workspace_id, "workspace-1");
  EXPECT_EQ(back->ticket_id, "ticket-9");
  EXPECT_EQ(back->expires_ms, 1'000'000);
  EXPECT_FALSE(read_survey_token(vault, token, 1'000'000)) << "expired at its time";
  EXPECT_EQ(token.find_first_of("/+= ?#&"), std::string::npos) << "fits a URL's path as it is";
}

TEST(SurveyToken, RefusesAlteredForeignAndOtherContextTokens) {
  Vault vault(std::string(32, 'k'));
  Vault other(std::string(32, 'o'));
  const std::string token = make_survey_token(vault, {"w", "t", 5'000});
  std::string altered = token;
  altered[altered.size() - 3] = altered[altered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(read_survey_token(vault, altered, 0));
  EXPECT_FALSE(read_survey_token(other, token, 0)) << "another installation's key";
  EXPECT_FALSE(read_survey_token(vault, vault.seal("w|t|5000", "webhook:x"), 0)) << "another use of the vault";
  EXPECT_FALSE(read_survey_token(vault, vault.seal("w|t", "csat"), 0)) << "no expiry";
  EXPECT_FALSE(read_survey_token(vault, vault.seal("w|t|50x", "csat"), 0)) << "an expiry that is not a number";
  EXPECT_FALSE(read_survey_token(vault, "", 0));
  EXPECT_FALSE(read_survey_token(vault, std::string(600, 'a'), 0));
}

}  // namespace rapport::support
