// Writing JSON text directly, for hot read paths where building a boost::json::value per row would
// cost more than the query (a list page of 50 records allocated thousands of small objects).
#pragma once
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace rapport::json_text {

// True when any of the 8 bytes in w is a control character, '"' or '\\' (bit tricks from
// "Bit Twiddling Hacks": a byte below n, a byte equal to n).
inline bool word_needs_escape(uint64_t w) {
  constexpr uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  auto has_zero = [&](uint64_t v) { return ((v - ones) & ~v & highs) != 0; };
  bool below_space = ((w - ones * 0x20) & ~w & highs) != 0;
  return below_space || has_zero(w ^ (ones * '"')) || has_zero(w ^ (ones * '\\'));
}

// Appends s as a JSON string literal (quotes included). s must be valid UTF-8, which everything
// Rapport stores is (it arrived through the JSON parser or from the server itself).
inline void append_string(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out.push_back('"');
  std::size_t start = 0;
  std::size_t i = 0;
  for (;;) {
    // Skip eight plain bytes at a time: most text needs no escaping.
    while (i + 8 <= s.size()) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (word_needs_escape(w)) break;
      i += 8;
    }
    if (i >= s.size()) break;
    auto c = static_cast<unsigned char>(s[i]);
    ++i;
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + start, i - 1 - start);
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      default:
        out.append("\\u00");
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0x0f]);
    }
    start = i;
  }
  out.append(s.data() + start, s.size() - start);
  out.push_back('"');
}

inline void append_int(std::string& out, int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

}  // namespace rapport::json_text
