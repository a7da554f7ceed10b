// The content lines vCard (RFC 6350, section 3) and iCalendar (RFC 5545, section 3.1) share:
// `NAME;PARAM=x:value`, lines ended by CRLF and folded so that no line is longer than 75 octets (a
// fold is CRLF and one space, never inside a UTF-8 sequence), and TEXT values escaped (backslash,
// comma, semicolon as \\ \, \; and a line break as \n). One writer for both, since libical writes
// iCalendar only and the grammar is the same; pure functions of their input.
#pragma once
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::content_lines {

// A TEXT value escaped; a CR or CRLF counts as one line break; other control characters (which
// TEXT may not hold) are dropped, and bytes that are not UTF-8 become U+FFFD.
std::string escape_text(std::string_view value);
// Appends `head` (the name and its parameters, e.g. "EMAIL;TYPE=work") ':' `value`, folded, CRLF.
// The value is written as given: escape it first when it is TEXT.
void append(std::string& out, std::string_view head, std::string_view value);
// An RFC 3339 time as Rapport stores it ("2026-03-01T09:30:00.000Z") in the basic UTC form both
// formats use ("20260301T093000Z"); nullopt when it is not one.
std::optional<std::string> utc_basic(std::string_view rfc3339);

// The text under `key` of a record the writers turn into lines; empty when it is absent or not text.
std::string text_field(const boost::json::object& record, std::string_view key);

}  // namespace rapport::content_lines
