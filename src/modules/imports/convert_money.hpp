// Amounts of money as exports write them ("$1,234.50", "1.234,50 €", "EUR 1 234,5", "(250.00)"),
// read into integer minor units of their currency (platform/money.hpp), exactly: no floating point,
// at most money::kMax, never rounded. The rules, stated:
//  - the currency is an ISO 4217 code before or after the number, or a symbol: € EUR, £ GBP, ¥ JPY,
//    ₹ INR, ₩ KRW, R$ BRL, US$ USD, C$/CA$ CAD, A$/AU$ AUD, and `$` alone the record's currency when
//    that is a dollar (USD, CAD, AUD, NZD, SGD, HKD, MXN), else USD; a currency named in the cell must
//    be the record's (its currency column, or the import's default) when that is known;
//  - negative: a leading or trailing minus (also U+2212) or parentheses;
//  - spaces (also no-break ones) and apostrophes group digits; with both `.` and `,` present the
//    later one is the decimal point; one of them alone, appearing once and followed by exactly three
//    digits, groups thousands ("1,000" and "1.000" are a thousand), unless the currency has three
//    decimals; otherwise it is the decimal point ("12,5", "0.99");
//  - more decimals than the currency has are an error unless they are zeros ("12.500 EUR" is fine:
//    twelve thousand five hundred by the rule above, "12.50 EUR" 12.50);
//  - scientific notation ("1.2E+5", what Excel writes for a long number) is an error saying so.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "modules/imports/cell.hpp"

namespace rapport::imports {

struct Amount {
  int64_t minor = 0;
  std::string currency;
  bool operator==(const Amount&) const = default;
};

// `currency`: the record's currency when known (ISO 4217), else empty (the cell must then name one).
Cell<Amount> convert_money(std::string_view text, std::string_view currency);

}  // namespace rapport::imports
