#include "modules/imports/cell.hpp"

#include "platform/utf8.hpp"

namespace rapport::imports {

std::string_view trim_cell(std::string_view s) {
  auto space_at_front = [&]() -> std::size_t {
    if (s.empty()) return 0;
    char c = s.front();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
    if (s.starts_with("\xC2\xA0")) return 2;      // U+00A0 no-break space
    if (s.starts_with("\xE2\x80\xAF")) return 3;  // U+202F narrow no-break space
    return 0;
  };
  auto space_at_back = [&]() -> std::size_t {
    if (s.empty()) return 0;
    char c = s.back();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
    if (s.ends_with("\xC2\xA0")) return 2;
    if (s.ends_with("\xE2\x80\xAF")) return 3;
    return 0;
  };
  while (std::size_t n = space_at_front()) s.remove_prefix(n);
  while (std::size_t n = space_at_back()) s.remove_suffix(n);
  return s;
}

std::string quote_cell(std::string_view text) {
  std::string out = "\"";
  if (text.size() > 40) {
    out += utf8::clip(text, 40);
    out += "…";
  } else {
    out += text;
  }
  out += '"';
  return out;
}

}  // namespace rapport::imports
