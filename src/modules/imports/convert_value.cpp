#include "modules/imports/convert_value.hpp"

#include <unicode/uloc.h>
#include <unicode/unistr.h>

#include <map>

#include "platform/case_fold.hpp"
#include "platform/formats.hpp"
#include "platform/ascii.hpp"

namespace rapport::imports {

namespace {

using ascii::is_digit;

// Case-folded letters and digits of the text, nothing else.
std::string letters_and_digits(std::string_view text) {
  std::string folded = case_fold::key(text), out;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    auto b = static_cast<unsigned char>(folded[i]);
    if (b >= 0x80 || is_digit(folded[i]) || (folded[i] >= 'a' && folded[i] <= 'z')) out += folded[i];
  }
  return out;
}

// Every way convert_country accepts to name a country, by letters_and_digits, to its alpha-2 code.
// Built once from ICU's list of ISO 3166 codes and English display names; read-only afterwards.
const std::map<std::string, std::string>& country_names() {
  static const std::map<std::string, std::string> names = [] {
    std::map<std::string, std::string> m;
    for (const char* const* code = uloc_getISOCountries(); *code; ++code) {
      std::string alpha2(*code);
      if (!formats::is_country(alpha2)) continue;  // ICU also lists withdrawn codes
      std::string locale = "und_" + alpha2;
      m.emplace(letters_and_digits(alpha2), alpha2);
      m.emplace(letters_and_digits(uloc_getISO3Country(locale.c_str())), alpha2);
      UChar name[128];
      UErrorCode err = U_ZERO_ERROR;
      int32_t n = uloc_getDisplayCountry(locale.c_str(), "en", name, 128, &err);
      if (U_FAILURE(err) || n <= 0) continue;
      std::string utf8;
      icu::UnicodeString(name, n).toUTF8String(utf8);
      m.emplace(letters_and_digits(utf8), alpha2);
    }
    for (auto [alias, code] : {std::pair{"USA", "US"}, {"United States of America", "US"}, {"America", "US"},
                               {"UK", "GB"}, {"Great Britain", "GB"}, {"England", "GB"}, {"Scotland", "GB"},
                               {"Wales", "GB"}, {"Northern Ireland", "GB"}, {"Holland", "NL"},
                               {"The Netherlands", "NL"}, {"Czech Republic", "CZ"}, {"Russia", "RU"},
                               {"South Korea", "KR"}, {"Korea", "KR"}, {"UAE", "AE"}, {"Vietnam", "VN"},
                               {"Ivory Coast", "CI"}, {"Turkey", "TR"}, {"Deutschland", "DE"}})
      m.emplace(letters_and_digits(alias), code);
    return m;
  }();
  return names;
}

}  // namespace

Cell<std::string> convert_country(std::string_view text) {
  text = trim_cell(text);
  if (text.empty()) return Cell<std::string>::empty();
  const auto& names = country_names();
  if (auto it = names.find(letters_and_digits(text)); it != names.end()) return Cell<std::string>::of(it->second);
  return Cell<std::string>::fail(quote_cell(text) + " is not a country (an ISO 3166 code or its English name)");
}

Cell<bool> convert_boolean(std::string_view text) {
  text = trim_cell(text);
  if (text.empty()) return Cell<bool>::empty();
  std::string k = case_fold::key(text);
  for (std::string_view t : {"true", "yes", "y", "1", "x", "on", "checked", "\xE2\x9C\x93", "\xE2\x9C\x94", "ja", "oui",
                             "si", "s\xC3\xAD", "wahr", "vrai"})
    if (k == t) return Cell<bool>::of(true);
  for (std::string_view f : {"false", "no", "n", "0", "off", "unchecked", "nein", "non", "falsch", "faux"})
    if (k == f) return Cell<bool>::of(false);
  return Cell<bool>::fail(quote_cell(text) + " is neither yes nor no");
}

Cell<std::string> convert_option(std::string_view text, const std::vector<std::string>& options,
                                 const OptionAliases& aliases) {
  text = trim_cell(text);
  if (text.empty()) return Cell<std::string>::empty();
  const std::string key = letters_and_digits(text);
  for (const auto& o : options)
    if (letters_and_digits(o) == key) return Cell<std::string>::of(o);
  for (const auto& [name, option] : aliases)
    if (letters_and_digits(name) == key) return Cell<std::string>::of(option);
  std::string list;
  for (std::size_t i = 0; i < options.size() && i < 20; ++i) list += (i ? ", " : "") + options[i];
  if (options.size() > 20) list += ", …";
  return Cell<std::string>::fail(quote_cell(text) + " is not one of the options (" + list + ")");
}

Cell<std::string> convert_phone(std::string_view text, std::string_view default_region) {
  text = trim_cell(text);
  if (text.starts_with("'")) text.remove_prefix(1);
  if (text.starts_with("tel:") || text.starts_with("TEL:")) text.remove_prefix(4);
  text = trim_cell(text);
  if (text.empty()) return Cell<std::string>::empty();
  if (text.find_first_of("eE") != std::string_view::npos && text.find('+') != std::string_view::npos &&
      text.find_first_of(".,") != std::string_view::npos)
    return Cell<std::string>::fail(quote_cell(text) +
                                   " is a number in scientific notation (Excel rounds long numbers so): format the "
                                   "column as text before exporting");
  std::string number(text);
  if (number.starts_with("00")) number.replace(0, 2, "+");  // the international prefix of most countries
  if (auto e164 = formats::to_e164(number, default_region)) return Cell<std::string>::of(*e164);
  if (number.front() != '+' && default_region.empty())
    return Cell<std::string>::fail(quote_cell(text) + " has no country code and the row no country");
  return Cell<std::string>::fail(quote_cell(text) + " is not a valid phone number" +
                                 (number.front() == '+' ? "" : " of " + std::string(default_region)));
}

std::vector<std::string_view> split_list(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && std::string_view(";,|\n\r").find(text[i]) == std::string_view::npos) continue;
    auto item = trim_cell(text.substr(start, i - start));
    if (!item.empty()) out.push_back(item);
    start = i + 1;
  }
  return out;
}

Cell<int64_t> convert_integer(std::string_view text, int64_t min, int64_t max) {
  text = trim_cell(text);
  if (text.empty()) return Cell<int64_t>::empty();
  std::string_view s = text;
  bool negative = false;
  if (s.starts_with("-") || s.starts_with("+")) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (auto dot = s.find('.'); dot != std::string_view::npos) {
    auto fraction = s.substr(dot + 1);
    if (fraction.empty() || fraction.find_first_not_of('0') != std::string_view::npos)
      return Cell<int64_t>::fail(quote_cell(text) + " is not a whole number");
    s = s.substr(0, dot);
  }
  __int128 v = 0;
  std::size_t seen = 0;
  for (char c : s) {
    if (c == ' ' || c == ',' || c == '\'') continue;
    if (!is_digit(c)) return Cell<int64_t>::fail(quote_cell(text) + " is not a whole number");
    v = v * 10 + (c - '0');
    if (++seen > 19) return Cell<int64_t>::fail(quote_cell(text) + " is out of range");
  }
  if (seen == 0) return Cell<int64_t>::fail(quote_cell(text) + " is not a whole number");
  if (negative) v = -v;
  if (v < min || v > max)
    return Cell<int64_t>::fail(quote_cell(text) + " is out of range (" + std::to_string(min) + " to " +
                               std::to_string(max) + ")");
  return Cell<int64_t>::of(static_cast<int64_t>(v));
}

}  // namespace rapport::imports
