#include "platform/http/form_body.hpp"

#include <gtest/gtest.h>

namespace rapport::http {

TEST(FormBody, DecodesPlusAndPercentEscapesInOrder) {
  auto f = parse_form_body("name=Ana+Lima&email=ana%40example.com&note=caf%C3%A9+%26+more&empty=&flag");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->size(), 5u);
  EXPECT_EQ(*form_field(*f, "name"), "Ana Lima");
  EXPECT_EQ(*form_field(*f, "email"), "ana@example.com");
  EXPECT_EQ(*form_field(*f, "note"), "caf\xC3\xA9 & more");
  EXPECT_EQ(*form_field(*f, "empty"), "");
  EXPECT_EQ(*form_field(*f, "flag"), "");
  EXPECT_EQ(form_field(*f, "missing"), nullptr);
}

TEST(FormBody, TheFirstOfARepeatedFieldWins) {
  auto f = parse_form_body("a=1&a=2");
  ASSERT_TRUE(f);
  EXPECT_EQ(*form_field(*f, "a"), "1");
}

TEST(FormBody, RefusesBadEscapesAndTooManyFields) {
  EXPECT_FALSE(parse_form_body("a=%ZZ"));
  EXPECT_FALSE(parse_form_body("a=%4"));
  EXPECT_TRUE(parse_form_body("a=1&b=2&c=3", 3));
  EXPECT_FALSE(parse_form_body("a=1&b=2&c=3&d=4", 3));
  EXPECT_TRUE(parse_form_body("")->empty());
}

}  // namespace rapport::http
