// The value-level rules of vCard 2.1 (old phones), 3.0 (RFC 2426) and 4.0 (RFC 6350) that the card
// reader (vcard_reader.hpp) applies to one property's value: quoted-printable with its CHARSET,
// backslash escapes, structured values (N, ADR, ORG) split on unescaped `;`, and birthdays turned into
// the ISO date the import's date converter reads. Pure functions of their input.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace rapport::imports {

// Quoted-printable (RFC 2045 6.7) to bytes: `=XX` is a byte, a `=` ending a line is a soft break
// (vCard 2.1 folds long values so), anything malformed is kept as written.
std::string decode_quoted_printable(std::string_view text);

// Bytes in `charset` (a CHARSET= parameter; empty: not said) as UTF-8. Bytes that are UTF-8 already
// stay; an unknown charset or bytes that are not UTF-8 without one are read as Windows-1252 (what
// old phones and Outlook write); nothing ever comes out that is not UTF-8.
std::string text_in_charset(std::string_view bytes, std::string_view charset);

// A TEXT value with its escapes undone: `\\` `\,` `\;` and `\n` / `\N` (a line break); any other
// backslash is kept as written (a Windows path in a note).
std::string unescape_text(std::string_view value);

// A structured value's components, split on `sep` where it is not escaped, each unescaped.
std::vector<std::string> split_components(std::string_view value, char sep = ';');

// A BDAY value as "YYYY-MM-DD": 19850412, 1985-04-12, with a time after it (1985-04-12T00:00:00Z);
// empty when the value has no full date (--0412 and 1604-04-12, Apple's "year unknown"; a bare year;
// text such as "circa 1800") or is no real date.
std::string birthday_iso(std::string_view value);

}  // namespace rapport::imports
