// What a value converter answers for one cell of a file: the field's value, nothing (an empty cell:
// the field is left unset), or why the text cannot be that field's value. The reason is a sentence
// for the row's error (the errors CSV's `reason` column), naming what was read.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace rapport::imports {

template <class T>
struct Cell {
  std::optional<T> value;  // nullopt with no error: the cell is empty
  std::string error;
  bool ok() const { return error.empty(); }
  static Cell empty() { return {}; }
  static Cell of(T v) { return {std::move(v), {}}; }
  static Cell fail(std::string why) { return {std::nullopt, std::move(why)}; }
};

// Text without the spaces (ASCII whitespace, no-break and narrow no-break spaces) around it.
std::string_view trim_cell(std::string_view text);

// `text` shortened for a message: at most 40 bytes (cut at a character boundary), quoted.
std::string quote_cell(std::string_view text);

}  // namespace rapport::imports
