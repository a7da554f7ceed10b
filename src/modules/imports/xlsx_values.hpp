// What a cell of an XLSX sheet (ECMA-376 / ISO 29500 SpreadsheetML) holds, as the text a CSV cell of
// the same value would have: numbers written as a spreadsheet shows them (no binary fractions, no
// exponent below 10^15), serial dates as ISO text when the cell's number format shows a date, and cell
// references as column indexes. Pure functions of their input (xlsx_reader.hpp uses them).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::imports {

// What a number format shows of a serial date-time: not a date at all, a date, a time of day, both.
enum class DateKind { None, Date, Time, DateTime };

// From a number format's code ("yyyy-mm-dd", "[$-409]mmmm d, yyyy", "h:mm AM/PM", "#,##0.00 [$EUR]"):
// its first section's tokens outside quotes, escapes and brackets decide (y or d: a date; h or s: a
// time; m alone: a month).
DateKind date_format_kind(std::string_view format_code);
// Excel's built-in formats (ids below 164) that show dates or times.
DateKind builtin_date_kind(int number_format_id);

// A serial date-time as ISO text, by `kind`: "YYYY-MM-DD", "HH:MM:SS" or "YYYY-MM-DD HH:MM:SS" (to the
// nearest second). In the 1900 system serial 1 is 1900-01-01 and serial 60 the 29 February 1900 Lotus
// made up (written so, which no date converter accepts); in the 1904 system (`date1904`, old Mac
// Excel) serial 0 is 1904-01-01. nullopt outside 0 .. 9999-12-31 or for `DateKind::None`.
std::optional<std::string> serial_date_text(double serial, DateKind kind, bool date1904);

// A number cell's text (`<v>`: "1234.5", "1.0000000000000001E-2", "4915112345678") as a spreadsheet
// shows it at 15 significant digits: whole numbers below 10^15 without a fraction or exponent,
// others the shortest %.15g form. Text that is not a number is returned as it is.
std::string number_text(std::string_view value);

// A string cell's text with OOXML's escapes undone: `_xHHHH_` is the character U+HHHH (Excel writes
// "_x000D_" for a carriage return), `_x005F_` an underscore that would start such an escape.
std::string unescape_ooxml(std::string_view text);

// The column of a cell reference ("A1" -> 0, "AB12" -> 27, "XFD1" -> 16383); nullopt when it names none.
std::optional<std::size_t> column_of(std::string_view reference);
// A column's letters, for messages ("AB" for 27).
std::string column_name(std::size_t column);

}  // namespace rapport::imports
