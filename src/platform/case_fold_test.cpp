#include "platform/case_fold.hpp"

#include <gtest/gtest.h>

namespace rapport::case_fold {
namespace {

TEST(CaseFold, AsciiLowersLettersOnly) {
  EXPECT_EQ(key("Ann.Lee+CRM@Example.COM"), "ann.lee+crm@example.com");
  EXPECT_EQ(key(""), "");
  EXPECT_EQ(key("[Z]_@^`{"), "[z]_@^`{");
}

TEST(CaseFold, FoldsBeyondAscii) {
  EXPECT_EQ(key("ÄLICE@example.com"), key("älice@example.com"));
  EXPECT_EQ(key("ÄLICE@example.com"), "älice@example.com");
  EXPECT_EQ(key("MÜLLER"), "müller");
  EXPECT_EQ(key("ΣΊΣΥΦΟΣ"), key("σίσυφος"));  // final sigma folds like the others
  EXPECT_EQ(key("Straße"), key("STRASSE"));
  EXPECT_EQ(key("İstanbul").substr(0, 1), "i");  // dotted capital I: i + combining dot above
}

TEST(CaseFold, NormalisesCompositionAndCompatibilityForms) {
  EXPECT_EQ(key("A\xCC\x88"), key("\xC3\x84"));     // A + combining diaeresis == Ä
  EXPECT_EQ(key("\xEF\xBC\xA1nn"), "ann");          // fullwidth A
  EXPECT_EQ(key("\xEF\xAC\x81le"), "file");         // the fi ligature
}

TEST(CaseFold, IllFormedBytesBecomeReplacementCharacters) {
  EXPECT_EQ(key("a\xFF" "B"), "a\xEF\xBF\xBD" "b");
}

TEST(CaseFold, DifferentTextStaysDifferent) {
  EXPECT_NE(key("Müller"), key("Muller"));
  EXPECT_NE(key("ann@example.com"), key("anne@example.com"));
}

}  // namespace
}  // namespace rapport::case_fold
