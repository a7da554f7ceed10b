#include "modules/support/inbound_tickets.hpp"

#include <gtest/gtest.h>

namespace rapport::support {
namespace {

TEST(NumberInSubject, FindsTheFirstWellFormedTicketReference) {
  EXPECT_EQ(number_in_subject("Re: [#1042] Broken widget"), 1042);
  EXPECT_EQ(number_in_subject("[#7]"), 7);
  EXPECT_EQ(number_in_subject("Fwd: Re: [#12] and [#13]"), 12);
  // Not references: no digits, no closing bracket, a space, a sign, too many digits.
  for (const char* s : {"", "Broken widget", "[#] x", "[#12 x", "[# 12]", "[#-3]", "[#1234567890123456789]", "#12", "[12]"})
    EXPECT_EQ(number_in_subject(s), std::nullopt) << s;
  // A malformed one before a good one does not hide it.
  EXPECT_EQ(number_in_subject("[#12 x] [#34]"), 34);
  EXPECT_EQ(number_in_subject("[#123456789012345678]"), 123456789012345678);
}

}  // namespace
}  // namespace rapport::support
