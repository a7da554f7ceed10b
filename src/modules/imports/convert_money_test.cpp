#include "modules/imports/convert_money.hpp"

#include <gtest/gtest.h>

namespace rapport::imports {
namespace {

// "<minor> <currency>" or the error.
std::string money(std::string_view text, std::string_view currency = "") {
  auto c = convert_money(text, currency);
  if (!c.ok()) return "error: " + c.error;
  if (!c.value) return "(empty)";
  return std::to_string(c.value->minor) + " " + c.value->currency;
}

TEST(ConvertMoney, WhatSpreadsheetsWrite) {
  EXPECT_EQ(money("$1,234.50"), "123450 USD");
  EXPECT_EQ(money("1.234,50 \xE2\x82\xAC"), "123450 EUR");
  EXPECT_EQ(money("EUR 1 234,5"), "123450 EUR");
  EXPECT_EQ(money("1\xC2\xA0" "234,50\xC2\xA0\xE2\x82\xAC"), "123450 EUR") << "no-break spaces";
  EXPECT_EQ(money("1\xE2\x80\xAF" "234,50 EUR"), "123450 EUR") << "French narrow no-break space";
  EXPECT_EQ(money("CHF 1'234.50"), "123450 CHF");
  EXPECT_EQ(money("\xC2\xA3" "99"), "9900 GBP");
  EXPECT_EQ(money("\xC2\xA5" "1,500"), "1500 JPY");
  EXPECT_EQ(money("1234.56", "USD"), "123456 USD");
  EXPECT_EQ(money("0.99", "EUR"), "99 EUR");
  EXPECT_EQ(money("12,5", "EUR"), "1250 EUR");
  EXPECT_EQ(money("1,000,000", "USD"), "100000000 USD");
  EXPECT_EQ(money("1,234,567.89", "USD"), "123456789 USD");
  EXPECT_EQ(money("  ", "USD"), "(empty)");
}

TEST(ConvertMoney, TheThousandsRule) {
  EXPECT_EQ(money("1,000", "USD"), "100000 USD") << "one separator and three digits: thousands";
  EXPECT_EQ(money("1.000", "EUR"), "100000 EUR");
  EXPECT_EQ(money("12.500", "EUR"), "1250000 EUR");
  EXPECT_EQ(money("1.500", "KWD"), "1500 KWD") << "a three-decimal currency: the decimal point";
  EXPECT_EQ(money(".500", "USD"), "50 USD") << "no digit before it: a decimal point";
  EXPECT_EQ(money("12.50", "EUR"), "1250 EUR");
}

TEST(ConvertMoney, SignsAndCurrencies) {
  EXPECT_EQ(money("-250", "USD"), "-25000 USD");
  EXPECT_EQ(money("(250.00)", "USD"), "-25000 USD");
  EXPECT_EQ(money("250-", "USD"), "-25000 USD");
  EXPECT_EQ(money("\xE2\x88\x92" "5 EUR"), "-500 EUR") << "U+2212";
  EXPECT_EQ(money("-$5"), "-500 USD");
  EXPECT_EQ(money("$5", "CAD"), "500 CAD") << "a bare dollar is the record's dollar";
  EXPECT_EQ(money("$5", "EUR"), "error: \"$5\" is in USD but the record's currency is EUR");
  EXPECT_EQ(money("C$5"), "500 CAD");
  EXPECT_EQ(money("R$ 10,00"), "1000 BRL");
  EXPECT_EQ(money("5 EUR", "USD"), "error: \"5 EUR\" is in EUR but the record's currency is USD");
  EXPECT_EQ(money("5"), "error: \"5\" names no currency, and the row has none");
  EXPECT_NE(money("EUR 5 USD").find("two currencies"), std::string::npos);
  EXPECT_NE(money("--5", "USD").find("two minus"), std::string::npos);
}

TEST(ConvertMoney, NeverRoundedNeverBeyondTheMaximum) {
  EXPECT_EQ(money("12.345", "USD"), "1234500 USD") << "thousands, by the rule";
  EXPECT_NE(money("12.3456", "USD").find("more decimals than USD has (2)"), std::string::npos);
  EXPECT_EQ(money("12.3400", "USD"), "1234 USD") << "zeros beyond the decimals are no loss";
  EXPECT_NE(money("1.5", "JPY").find("more decimals than JPY has (0)"), std::string::npos);
  EXPECT_EQ(money("10000000000000", "USD"), "1000000000000000 USD") << "exactly money::kMax";
  EXPECT_NE(money("10000000000000.01", "USD").find("larger than"), std::string::npos);
  EXPECT_NE(money("99999999999999999999999", "USD").find("larger than"), std::string::npos);
  EXPECT_NE(money("1.2E+5", "USD").find("scientific notation"), std::string::npos);
  EXPECT_NE(money("1.2.3,4,5", "USD").find("two decimal points"), std::string::npos);
  for (const char* junk : {"abc", "12 apples", "$", "-", "()", "1/2", "5 XYZ"})
    EXPECT_NE(money(junk, "USD").find("error"), std::string::npos) << junk;
}

}  // namespace
}  // namespace rapport::imports
