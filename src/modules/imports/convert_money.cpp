#include "modules/imports/convert_money.hpp"

#include <array>
#include <utility>

#include "platform/formats.hpp"
#include "platform/money.hpp"
#include "platform/ascii.hpp"

namespace rapport::imports {

namespace {

using ascii::is_digit;
using ascii::is_upper;

constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kSymbols = {{
    {"US$", "USD"}, {"CA$", "CAD"}, {"AU$", "AUD"}, {"C$", "CAD"}, {"A$", "AUD"}, {"R$", "BRL"},
    {"\xE2\x82\xAC", "EUR"},  // €
    {"\xC2\xA3", "GBP"},      // £
    {"\xC2\xA5", "JPY"},      // ¥
    {"\xE2\x82\xB9", "INR"},  // ₹
    {"\xE2\x82\xA9", "KRW"},  // ₩
    {"$", "$"},
}};

bool dollar(std::string_view currency) {
  for (std::string_view d : {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"})
    if (currency == d) return true;
  return false;
}

struct Marks {
  std::string currency;  // named in the cell; "$" for a bare dollar sign
  bool negative = false;
};

// Takes currency marks, signs and parentheses off both ends of `s`, noting them.
bool strip_marks(std::string_view& s, Marks& m, std::string& why) {
  bool changed = true, parenthesis = false;
  auto name = [&](std::string_view c) {
    if (!m.currency.empty() && m.currency != c) {
      why = "names two currencies";
      return false;
    }
    m.currency = c;
    return true;
  };
  while (changed && !s.empty()) {
    changed = false;
    while (!s.empty() && (s.front() == ' ')) s.remove_prefix(1), changed = true;
    while (!s.empty() && (s.back() == ' ')) s.remove_suffix(1), changed = true;
    for (const auto& [sym, code] : kSymbols) {
      if (s.starts_with(sym)) {
        if (!name(code)) return false;
        s.remove_prefix(sym.size());
        changed = true;
      } else if (s.ends_with(sym)) {
        if (!name(code)) return false;
        s.remove_suffix(sym.size());
        changed = true;
      }
    }
    if (s.size() >= 3 && is_upper(s[0]) && is_upper(s[1]) && is_upper(s[2]) && formats::is_currency(s.substr(0, 3))) {
      if (!name(s.substr(0, 3))) return false;
      s.remove_prefix(3);
      changed = true;
    } else if (s.size() >= 3 && is_upper(s[s.size() - 1]) && is_upper(s[s.size() - 2]) && is_upper(s[s.size() - 3]) &&
               formats::is_currency(s.substr(s.size() - 3))) {
      if (!name(s.substr(s.size() - 3))) return false;
      s.remove_suffix(3);
      changed = true;
    }
    for (std::string_view minus : {"-", "\xE2\x88\x92"}) {  // U+2212 minus sign
      if (s.starts_with(minus) || s.ends_with(minus)) {
        if (m.negative) {
          why = "has two minus signs";
          return false;
        }
        m.negative = true;
        if (s.starts_with(minus))
          s.remove_prefix(minus.size());
        else
          s.remove_suffix(minus.size());
        changed = true;
      }
    }
    if (!parenthesis && s.size() >= 2 && s.front() == '(' && s.back() == ')') {
      parenthesis = true;
      m.negative = !m.negative;
      s = s.substr(1, s.size() - 2);
      changed = true;
    }
  }
  return true;
}

}  // namespace

Cell<Amount> convert_money(std::string_view text, std::string_view record_currency) {
  text = trim_cell(text);
  if (text.empty()) return Cell<Amount>::empty();
  std::string_view s = text;
  Marks marks;
  std::string why;
  auto fail = [&](const std::string& reason) { return Cell<Amount>::fail(quote_cell(text) + " " + reason); };
  if (!strip_marks(s, marks, why)) return fail(why);
  std::string currency = marks.currency;
  if (currency == "$") currency = dollar(record_currency) ? std::string(record_currency) : "USD";
  if (currency.empty()) currency = record_currency;
  if (currency.empty()) return fail("names no currency, and the row has none");
  if (!record_currency.empty() && currency != record_currency)
    return fail("is in " + currency + " but the record's currency is " + std::string(record_currency));

  // The number: digits and separators only.
  std::string digits;  // every digit, in order
  std::size_t dots = 0, commas = 0, last_dot = 0, last_comma = 0;
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (is_digit(c)) {
      digits += c;
      ++i;
    } else if (c == '.' || c == ',') {
      (c == '.' ? dots : commas)++;
      (c == '.' ? last_dot : last_comma) = digits.size();
      ++i;
    } else if (c == ' ' || c == '\'') {
      ++i;
    } else if (s.substr(i).starts_with("\xC2\xA0") || s.substr(i).starts_with("\xE2\x80\x99")) {
      i += 2 + (s[i] == '\xE2');  // no-break space, right single quote (Swiss grouping)
    } else if (s.substr(i).starts_with("\xE2\x80\xAF")) {
      i += 3;  // narrow no-break space (French grouping)
    } else if ((c == 'e' || c == 'E') && !digits.empty()) {
      return fail("is in scientific notation: format the column as a number before exporting");
    } else {
      return fail("is not an amount of money");
    }
  }
  if (digits.empty()) return fail("is not an amount of money");
  const int minor_digits = formats::currency_minor_digits(currency);
  if (minor_digits < 0) return fail("is in " + currency + ", which is not an ISO 4217 currency");
  // Where the decimal point is, as a count of the digits before it (npos: none).
  std::size_t point = std::string::npos;
  if (dots && commas) {
    if ((last_dot > last_comma ? dots : commas) > 1) return fail("has two decimal points");
    point = std::max(last_dot, last_comma);
  } else if (dots + commas == 1) {
    std::size_t at = dots ? last_dot : last_comma;
    bool thousands = digits.size() - at == 3 && minor_digits != 3 && at > 0;
    if (!thousands) point = at;
  }
  std::string whole = point == std::string::npos ? digits : digits.substr(0, point);
  std::string fraction = point == std::string::npos ? "" : digits.substr(point);
  while (static_cast<int>(fraction.size()) > minor_digits && fraction.back() == '0') fraction.pop_back();
  if (static_cast<int>(fraction.size()) > minor_digits)
    return fail("has more decimals than " + currency + " has (" + std::to_string(minor_digits) + ")");
  fraction.resize(static_cast<std::size_t>(minor_digits), '0');
  std::string all = whole + fraction;
  std::size_t first = all.find_first_not_of('0');
  if (first == std::string::npos) return Cell<Amount>::of({0, currency});
  if (all.size() - first > 16) return fail("is larger than the largest amount kept");
  int64_t minor = 0;
  for (std::size_t i = first; i < all.size(); ++i) minor = minor * 10 + (all[i] - '0');  // < 10^16: no overflow
  if (!money::in_range(minor)) return fail("is larger than the largest amount kept");
  return Cell<Amount>::of({marks.negative ? -minor : minor, currency});
}

}  // namespace rapport::imports
