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

// Names compared word by word (name_similarity), as the matcher's "similar name" does.
double similar(std::string_view a, std::string_view b) { return name_similarity(name_words(a, false), name_words(b, false)); }

TEST(MatchKeys, NamesAreComparedWordByWordInAnyOrder) {
  // Transliteration first: accents, ß and other scripts.
  EXPECT_EQ(similar("Jörg Müller", "Joerg Mueller"), 1.0);
  EXPECT_EQ(similar("Straße Renée", "Renee Strasse"), 1.0);
  EXPECT_EQ(similar("Дмитрий Иванов", "Dmitrij Ivanov"), 1.0);
  EXPECT_GE(similar("Jörg Müller", "Jorg Muller"), 0.92);  // ö as oe against o: one letter per word
  // Order swaps, with or without a comma.
  EXPECT_EQ(similar("Smith, John", "John Smith"), 1.0);
  EXPECT_EQ(similar("García Márquez Gabriel", "Gabriel Garcia Marquez"), 1.0);
  // A middle name, or an initial for it, one of them lacks.
  EXPECT_EQ(similar("John Smith", "John Ronald Smith"), 1.0);
  EXPECT_GE(similar("J. R. R. Tolkien", "John Ronald Reuel Tolkien"), 0.92);
  EXPECT_GE(similar("Anne-Marie Dupont", "Anne Marie Dupont"), 0.92);
  // A typo costs its word only.
  EXPECT_GE(similar("Jon Smith", "John Smith"), 0.92);
  EXPECT_GE(similar("Katharina Schmidt", "Katharina Schmitt"), 0.92);
  // Another first name is another person, however long the shared surname: Jaro-Winkler over the
  // whole joined names forgives it in a long name (the reason for comparing word by word).
  const std::string zoe = "Zoe Papadopoulou-Konstantinidou", zeta = "Zeta Papadopoulou-Konstantinidou";
  EXPECT_GE(jaro_winkler(join(name_words(zoe, false)), join(name_words(zeta, false))), 0.92);
  EXPECT_LT(similar(zoe, zeta), 0.92);
  EXPECT_LT(similar("Jane Smith", "John Smith"), 0.92);
  EXPECT_LT(similar("Peter Meyer", "Paul Meyer"), 0.92);
  // A surname alone against a full name is compared whole: no evidence.
  EXPECT_LT(similar("Smith", "John Smith"), 0.92);
  EXPECT_EQ(similar("", "John Smith"), 0.0);
  // Bounded: many words cost at most 5! pairings.
  EXPECT_GE(similar("a b c d e f g h i j k l", "l k j i h g f e d c b a"), 0.9);
}

}  // namespace
}  // namespace rapport::dedupe
