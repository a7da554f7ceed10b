#include "platform/formats.hpp"

#include <phonenumbers/phonenumberutil.h>

#include <boost/url/parse.hpp>

#include <algorithm>
#include <array>

#include "platform/e164_memo.hpp"
#include "platform/utf8.hpp"
#include "platform/ascii.hpp"

namespace rapport::formats {

namespace {

using ascii::is_alpha;
using ascii::is_digit;
using ascii::is_upper;

// RFC 5322 "atext": the characters of a dot-atom other than the dots between atoms.
bool is_atext(char c) {
  if (is_alpha(c) || is_digit(c)) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '/': case '=': case '?': case '^': case '_': case '`': case '{': case '|': case '}': case '~':
      return true;
    default:
      return false;
  }
}

// True when s, with ASCII letters lower-cased, equals `lower`.
bool equals_lower(std::string_view s, std::string_view lower) {
  return std::equal(s.begin(), s.end(), lower.begin(), lower.end(),
                    [](char a, char b) { return (is_upper(a) ? static_cast<char>(a - 'A' + 'a') : a) == b; });
}

bool starts_with_punycode_prefix(std::string_view label) {
  return label.size() > 4 && equals_lower(label.substr(0, 4), "xn--");
}

bool is_label(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(), [](char c) { return is_alpha(c) || is_digit(c) || c == '-'; });
}

// ISO 3166-1 alpha-2, officially assigned codes (sorted for binary search).
constexpr std::array<std::string_view, 249> kCountries = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW"};
static_assert(std::is_sorted(kCountries.begin(), kCountries.end()));

struct Currency {
  std::string_view code;
  int minor_digits;
};

// ISO 4217 table A.1 currencies and funds with their minor units (sorted by code). Left out: codes
// whose minor unit is "N.A." (precious metals XAU/XAG/XPD/XPT, bond units XBA-XBD, XDR, XSU, XUA)
// and the testing/no-currency codes XTS and XXX, none of which price a deal. Withdrawn codes (HRK,
// SLL, ANG, ZWL) are gone; their replacements (EUR, SLE, XCG, ZWG) are here.
constexpr std::array<Currency, 166> kCurrencies = {{
    {"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"AOA", 2}, {"ARS", 2}, {"AUD", 2}, {"AWG", 2},
    {"AZN", 2}, {"BAM", 2}, {"BBD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0}, {"BMD", 2},
    {"BND", 2}, {"BOB", 2}, {"BOV", 2}, {"BRL", 2}, {"BSD", 2}, {"BTN", 2}, {"BWP", 2}, {"BYN", 2},
    {"BZD", 2}, {"CAD", 2}, {"CDF", 2}, {"CHE", 2}, {"CHF", 2}, {"CHW", 2}, {"CLF", 4}, {"CLP", 0},
    {"CNY", 2}, {"COP", 2}, {"COU", 2}, {"CRC", 2}, {"CUC", 2}, {"CUP", 2}, {"CVE", 2}, {"CZK", 2},
    {"DJF", 0}, {"DKK", 2}, {"DOP", 2}, {"DZD", 2}, {"EGP", 2}, {"ERN", 2}, {"ETB", 2}, {"EUR", 2},
    {"FJD", 2}, {"FKP", 2}, {"GBP", 2}, {"GEL", 2}, {"GHS", 2}, {"GIP", 2}, {"GMD", 2}, {"GNF", 0},
    {"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2}, {"HTG", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2},
    {"INR", 2}, {"IQD", 3}, {"IRR", 2}, {"ISK", 0}, {"JMD", 2}, {"JOD", 3}, {"JPY", 0}, {"KES", 2},
    {"KGS", 2}, {"KHR", 2}, {"KMF", 0}, {"KPW", 2}, {"KRW", 0}, {"KWD", 3}, {"KYD", 2}, {"KZT", 2},
    {"LAK", 2}, {"LBP", 2}, {"LKR", 2}, {"LRD", 2}, {"LSL", 2}, {"LYD", 3}, {"MAD", 2}, {"MDL", 2},
    {"MGA", 2}, {"MKD", 2}, {"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MRU", 2}, {"MUR", 2}, {"MVR", 2},
    {"MWK", 2}, {"MXN", 2}, {"MXV", 2}, {"MYR", 2}, {"MZN", 2}, {"NAD", 2}, {"NGN", 2}, {"NIO", 2},
    {"NOK", 2}, {"NPR", 2}, {"NZD", 2}, {"OMR", 3}, {"PAB", 2}, {"PEN", 2}, {"PGK", 2}, {"PHP", 2},
    {"PKR", 2}, {"PLN", 2}, {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RSD", 2}, {"RUB", 2}, {"RWF", 0},
    {"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2}, {"SGD", 2}, {"SHP", 2}, {"SLE", 2},
    {"SOS", 2}, {"SRD", 2}, {"SSP", 2}, {"STN", 2}, {"SVC", 2}, {"SYP", 2}, {"SZL", 2}, {"THB", 2},
    {"TJS", 2}, {"TMT", 2}, {"TND", 3}, {"TOP", 2}, {"TRY", 2}, {"TTD", 2}, {"TWD", 2}, {"TZS", 2},
    {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"USN", 2}, {"UYI", 0}, {"UYU", 2}, {"UYW", 4}, {"UZS", 2},
    {"VED", 2}, {"VES", 2}, {"VND", 0}, {"VUV", 0}, {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XCG", 2},
    {"XOF", 0}, {"XPF", 0}, {"YER", 2}, {"ZAR", 2}, {"ZMW", 2}, {"ZWG", 2},
}};
constexpr bool by_code(const Currency& a, const Currency& b) { return a.code < b.code; }
static_assert(std::is_sorted(kCurrencies.begin(), kCurrencies.end(), by_code));

const Currency* find_currency(std::string_view code) {
  auto it = std::lower_bound(kCurrencies.begin(), kCurrencies.end(), Currency{code, 0}, by_code);
  return it != kCurrencies.end() && it->code == code ? &*it : nullptr;
}

}  // namespace

bool is_email(std::string_view s) {
  if (s.size() > 254) return false;
  auto at = s.find('@');
  if (at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos) return false;
  std::string_view local = s.substr(0, at);
  if (local.empty() || local.size() > 64) return false;
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
  // RFC 6531 (SMTPUTF8) lets the local part hold any UTF-8 beyond ASCII ("jürgen@example.de").
  auto local_char = [](char c) { return c == '.' || is_atext(c) || static_cast<unsigned char>(c) >= 0x80; };
  if (!std::all_of(local.begin(), local.end(), local_char) || !utf8::valid(local)) return false;
  return is_domain(s.substr(at + 1));
}

bool is_domain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t labels = 0;
  std::string_view last;
  while (true) {
    auto dot = s.find('.');
    last = s.substr(0, dot);
    if (!is_label(last)) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    s.remove_prefix(dot + 1);
  }
  if (labels < 2) return false;
  // The top-level label is a word ("com", "uk") or an internationalised one in punycode ("xn--p1ai").
  return (last.size() >= 2 && std::all_of(last.begin(), last.end(), is_alpha)) || starts_with_punycode_prefix(last);
}

bool is_url(std::string_view s) {
  if (s.empty() || s.size() > 2048 || s.find(' ') != std::string_view::npos) return false;
  // parse_uri rather than parse_absolute_uri: RFC 3986's absolute-URI grammar forbids a fragment, and
  // "https://example.com/#contact" is a perfectly good web address. Errors come back in the result.
  auto parsed = boost::urls::parse_uri(s);
  if (!parsed) return false;
  const boost::urls::url_view& u = *parsed;
  // Schemes are case-insensitive (RFC 3986 3.1); Boost's scheme_id() only recognises lower case.
  std::string_view scheme = u.scheme();
  if (!equals_lower(scheme, "http") && !equals_lower(scheme, "https")) return false;
  return u.has_authority() && !u.encoded_host().empty();
}

bool is_country(std::string_view s) {
  return s.size() == 2 && std::binary_search(kCountries.begin(), kCountries.end(), s);
}

bool is_currency(std::string_view s) { return find_currency(s) != nullptr; }

int currency_minor_digits(std::string_view s) {
  const Currency* c = find_currency(s);
  return c ? c->minor_digits : -1;
}

std::optional<std::string> to_e164(std::string_view number, std::string_view default_region) {
  if (number.empty() || number.size() > 64) return std::nullopt;
  E164Memo& known = known_e164_numbers();  // a number checked before is not parsed again
  if (known.knows(number)) return std::string(number);
  known.count_parse();
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  // "ZZ" is libphonenumber's unknown region: only numbers in international form (+...) then parse. Its
  // region lookup is case-sensitive, so "us" is upper-cased; an unknown code acts like "ZZ".
  std::string region = default_region.empty() ? std::string("ZZ") : std::string(default_region);
  for (char& c : region) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  try {
    const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
    PhoneNumber parsed;
    if (util->Parse(std::string(number), region, &parsed) != PhoneNumberUtil::NO_PARSING_ERROR) return std::nullopt;
    if (!util->IsValidNumber(parsed)) return std::nullopt;
    std::string out;
    util->Format(parsed, PhoneNumberUtil::E164, &out);
    known.remember(out);
    return out;
  } catch (...) {  // allocation failure or a library bug must not escape into request handling
    return std::nullopt;
  }
}

}  // namespace rapport::formats
