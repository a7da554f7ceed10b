#include "modules/email/email_activity.hpp"

#include <gtest/gtest.h>

namespace rapport::email {
namespace {

Email mail() {
  Email e;
  e.sender = "ada@example.org";
  return e;
}

TEST(EmailActivity, CutsSubjectAndBodyAtWholeCharactersAndMakesControlCharactersSpaces) {
  Email e = mail();
  std::string subject;
  for (int i = 0; i < 300; ++i) subject += "ü";
  auto a = email_activity(e, "inbound", subject + "\x01", "line one\r\n\tline two\x0c end", "2026-12-04T10:00:00.000Z");
  EXPECT_EQ(a.at("subject").as_string().size(), 255u * 2) << "255 characters of two bytes each";
  EXPECT_EQ(a.at("body").as_string(), "line one\r\n\tline two  end");
  EXPECT_EQ(a.at("direction").as_string(), "inbound");
  EXPECT_EQ(a.at("email_from").as_string(), "ada@example.org");
  EXPECT_EQ(email_activity(e, "inbound", "Tab\there", "", "").at("subject").as_string(), "Tab here");
}

TEST(EmailActivity, AnEmptySubjectIsSaidSo) {
  EXPECT_EQ(email_activity(mail(), "inbound", "", "", "").at("subject").as_string(), "(no subject)");
  EXPECT_EQ(email_activity(mail(), "inbound", "\r\n", "", "").at("subject").as_string(), "(no subject)");
}

TEST(EmailActivity, KeepsAtMostTwentyDistinctAddresses) {
  Email e = mail();
  for (int i = 0; i < 30; ++i) {
    std::string a = "r";
    a += std::to_string(i);
    a += "@example.org";
    e.to.push_back(a);
  }
  e.cc = {"R0@EXAMPLE.ORG"};
  auto to = email_activity(e, "outbound", "s", "b", "").at("email_to").as_array();
  EXPECT_EQ(to.size(), 20u);
  auto one = mail();
  one.to = {"x@example.org"};
  one.cc = {"X@example.org"};
  EXPECT_EQ(email_activity(one, "outbound", "s", "b", "").at("email_to").as_array().size(), 1u) << "the same address once";
}

TEST(EmailActivity, FirstCharsNeverSplitsASequence) {
  EXPECT_EQ(first_chars("aé€😀", 3), "aé€");
  EXPECT_EQ(first_chars("abc", 10), "abc");
  EXPECT_EQ(first_chars("abc", 0), "");
}

}  // namespace
}  // namespace rapport::email
