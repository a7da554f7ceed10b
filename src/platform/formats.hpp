// Validation of the common formats a CRM record holds: email addresses, host names, web URLs, country
// and currency codes, and phone numbers (normalised to E.164 with libphonenumber).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace rapport::formats {

// A practical email address check: one '@', non-empty local part (<=64 bytes, no spaces/control chars,
// no leading/trailing/double dots; allowed chars per RFC 5322 dot-atom: letters digits
// !#$%&'*+/=?^_`{|}~.-, and UTF-8 beyond ASCII per RFC 6531), a domain that is_domain() accepts (ASCII
// or punycode), total <= 254 bytes.
bool is_email(std::string_view s);
// A host name such as "example.com" or "sub.example.co.uk": labels of 1-63 chars [A-Za-z0-9-], not
// starting/ending with '-', at least two labels, last label alphabetic >= 2 chars, total <= 253.
// Also accepts punycode labels (xn--...).
bool is_domain(std::string_view s);
// An absolute http or https URL with a host (parsed with Boost.URL; a #fragment is allowed), length <= 2048, no spaces.
bool is_url(std::string_view s);
// ISO 3166-1 alpha-2, exactly two upper-case letters of an assigned code (full current list of 249 codes).
bool is_country(std::string_view s);
// ISO 4217 active currency codes, upper case (full current list, e.g. USD EUR GBP JPY CHF ...).
bool is_currency(std::string_view s);
// Number of minor-unit digits of an ISO 4217 currency (USD 2, JPY 0, KWD 3, ...); -1 when unknown.
int currency_minor_digits(std::string_view s);
// Parses a phone number with libphonenumber and returns it in E.164 form ("+16502530000") when it is a
// valid number; nullopt otherwise. default_region is an ISO alpha-2 code used when the number has no
// leading '+' (may be empty: then a number without '+' is invalid).
std::optional<std::string> to_e164(std::string_view number, std::string_view default_region);

}  // namespace rapport::formats
