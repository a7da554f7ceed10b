// The one case-insensitive comparison rule of Rapport: Unicode NFKC_Casefold (UAX #31; ICU's
// Normalizer2), computed here rather than by the database. SQLite's lower() and LIKE fold ASCII only
// and PostgreSQL's depend on the database locale, so a name or e-mail address that must match
// case-insensitively ("ÄLICE@example.com", "Straße" / "STRASSE", a decomposed "A\u0308") is stored
// beside its key (`<field>_key` columns) and filters, sorts and unique indexes use the key: both engines
// then match, order and refuse duplicates alike (bytewise order of the keys).
#pragma once
#include <string>
#include <string_view>

namespace rapport::case_fold {

// The folded key of UTF-8 text. Bytes that are not well-formed UTF-8 become U+FFFD first.
std::string key(std::string_view text);

}  // namespace rapport::case_fold
