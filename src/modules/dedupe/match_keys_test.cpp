#include "modules/dedupe/match_keys.hpp"

#include <gtest/gtest.h>

namespace rapport::dedupe {
namespace {

TEST(MatchKeys, MailboxesIgnoreCaseTagsAndGmailDots) {
  EXPECT_EQ(mailbox_key("Ada.Lovelace+crm@GMail.com"), "adalovelace@gmail.com");
  EXPECT_EQ(mailbox_key("ada.lovelace@googlemail.com"), "adalovelace@gmail.com");
  EXPECT_EQ(mailbox_key("Ada.Lovelace+x@Example.org"), "ada.lovelace@example.org");
  EXPECT_EQ(mailbox_key("no-at-sign"), "");
  EXPECT_EQ(email_domain("a@Example.ORG"), "example.org");
  EXPECT_TRUE(is_public_mail_domain("gmail.com"));
  EXPECT_FALSE(is_public_mail_domain("example.org"));
}

TEST(MatchKeys, NamesBecomeSortedAsciiWordsWithoutLegalForms) {
  EXPECT_EQ(join(name_words("José  Müller-Lüdenscheidt", false)), "jose luedenscheidt mueller");
  EXPECT_EQ(join(name_words("Smith, John", false)), "john smith");
  EXPECT_EQ(join(name_words("ACME Inc.", true)), "acme");
  EXPECT_EQ(join(name_words("Acme GmbH", true)), "acme");
  EXPECT_EQ(join(name_words("O'Neil", false)), "oneil");
  EXPECT_EQ(join(name_words("Дмитрий Иванов", false)), "dmitrij ivanov");
  EXPECT_EQ(join(name_words("", false)), "");
  EXPECT_LE(join(name_words(std::string(10000, 'a'), false)).size(), 200u);
}

TEST(MatchKeys, JaroWinklerScoresTheClassicExamples) {
  EXPECT_NEAR(jaro_winkler("martha", "marhta"), 0.961, 0.001);
  EXPECT_NEAR(jaro_winkler("dwayne", "duane"), 0.84, 0.001);
  EXPECT_NEAR(jaro_winkler("dixon", "dicksonx"), 0.813, 0.001);
  EXPECT_EQ(jaro_winkler("abc", "abc"), 1.0);
  EXPECT_EQ(jaro_winkler("abc", "xyz"), 0.0);
  EXPECT_EQ(jaro_winkler("", "x"), 0.0);
}

}  // namespace
}  // namespace rapport::dedupe
