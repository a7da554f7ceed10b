#include "access/passwords.hpp"

#include <gtest/gtest.h>

#include <string>

namespace rapport::access {
namespace {

// The code of the field error refusing `password`, or "" when it is accepted.
std::string refusal(std::string_view password) {
  auto e = check_password("password", password);
  if (!e) return "";
  EXPECT_EQ(e->field, "password");
  EXPECT_FALSE(e->message.empty());
  return e->code;
}

TEST(PasswordPolicy, LengthIsCountedInCodePointsNotBytes) {
  std::string six_e_acute;
  for (int i = 0; i < 6; ++i) six_e_acute += "\xC3\xA9";  // é: 12 bytes, 6 code points
  ASSERT_EQ(six_e_acute.size(), 12u);
  EXPECT_EQ(refusal(six_e_acute), "length");
  EXPECT_EQ(refusal("gl\xC3\xBC" "ckspilz-"), "length") << "11 code points in 12 bytes";
  EXPECT_EQ(refusal("gl\xC3\xBC" "ckspilz-r"), "") << "12 code points";
  EXPECT_EQ(refusal("short-one"), "length");
  EXPECT_EQ(refusal(""), "length");
  EXPECT_EQ(refusal("\xE5\xA4\xA7\xE5\xB1\xB1\xE3\x81\xAE\xE7\x8C\xAB\xE3\x81\x8C\xE9\x9D\x99\xE3\x81\x8B\xE3\x81\xAB\xE7\x9C\xA0\xE3\x82\x8B\xE3\x82\x88\xE3\x81\xAD"),
            "")
      << "twelve CJK/kana code points (36 bytes) pass";
  EXPECT_EQ(refusal(std::string(kMaxPasswordBytes + 1, 'x') + "y"), "length");
}

TEST(PasswordPolicy, ControlCharactersAndInvalidUtf8AreRefused) {
  EXPECT_EQ(refusal(std::string(12, '\0')), "format") << "twelve NULs";
  EXPECT_EQ(refusal(std::string("violet\0harbour", 14)), "format") << "one NUL inside";
  EXPECT_EQ(refusal("violet\tharbour"), "format");
  EXPECT_EQ(refusal("violet harbour\n"), "format");
  EXPECT_EQ(refusal("violet\x7Fharbour"), "format") << "DEL";
  EXPECT_EQ(refusal("violet\xC2\x85harbour"), "format") << "U+0085, a C1 control";
  EXPECT_EQ(refusal("violet\xFFharbour"), "format") << "not UTF-8";
  EXPECT_EQ(refusal("violet\xC0\xAFharbour"), "format") << "an overlong form";
  EXPECT_EQ(refusal("violet\xED\xA0\x80harbour"), "format") << "a surrogate";
  EXPECT_EQ(refusal("violet harbour"), "") << "spaces are printable";
}

TEST(PasswordPolicy, OneRepeatedCharacterIsRefused) {
  EXPECT_EQ(refusal(std::string(12, ' ')), "repeated") << "twelve spaces";
  EXPECT_EQ(refusal("zzzzzzzzzzzzzzzz"), "repeated");
  std::string twelve_zhe;
  for (int i = 0; i < 12; ++i) twelve_zhe += "\xD0\x96";  // Ж
  EXPECT_EQ(refusal(twelve_zhe), "repeated");
  // aaaaaaaaaaaa is one character repeated (and on the common list too).
  EXPECT_NE(refusal("aaaaaaaaaaaa"), "");
}

TEST(PasswordPolicy, CommonPasswordsAreRefusedInAnyCase) {
  for (const char* p : {"password1234", "PASSWORD1234", "Password1234", "qwertyuiopas", "123456789012", "iloveyou1234",
                        "1q2w3e4r5t6y", "administrator", "correct horse battery staple", "abcdefghijkl", "qazwsxedcrfv"})
    EXPECT_EQ(refusal(p), "common") << p;
  EXPECT_TRUE(is_common_password("PassWord1234"));
  EXPECT_FALSE(is_common_password("password123"))
      << "the list holds only what the length rule lets through (12 characters or more)";
}

TEST(PasswordPolicy, AGoodPassphrasePasses) {
  for (const char* p : {"violet harbour kettle 42", "Tram-Oboe-Glacier-Mint", "purple-otter-sings-at-dawn", "w9#Lq2!xR7vZ"})
    EXPECT_EQ(refusal(p), "") << p;
}

}  // namespace
}  // namespace rapport::access
