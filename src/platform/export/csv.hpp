// CSV as RFC 4180 writes it, for exports that spreadsheets open: fields separated by commas, records
// ended by CRLF, a field quoted when it holds a comma, a quote, CR or LF (a quote doubled inside).
// Pure functions of their input, so they are tested (and fuzzed) alone.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace rapport::csv {

// The byte order mark Excel needs to read a CSV file as UTF-8 rather than the system's code page.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Appends one text field, quoted when needed. A text starting with = + - @ TAB or CR is what a
// spreadsheet would run as a formula (CSV injection): OWASP's advice is to prefix it with a single
// quote, which makes it text, and to quote the field; `guard` does both. Numbers the exporter knows
// to be numbers are appended unguarded (a negative amount stays a number).
void append_field(std::string& out, std::string_view value, bool guard = true);
// Whether a spreadsheet would take the text for a formula.
bool looks_like_formula(std::string_view value);
// Appends a record of text fields (guarded), separated by commas and ended by CRLF.
void append_row(std::string& out, const std::vector<std::string>& fields);

}  // namespace rapport::csv
