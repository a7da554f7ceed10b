// UTF-8 checks for text the server echoes: a request target or query parameter is percent-decoded
// bytes, not necessarily UTF-8, and a JSON answer that repeats it must still be valid JSON.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace rapport::utf8 {

bool valid(std::string_view s);
// s with every byte that does not belong to a well-formed UTF-8 sequence (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF) replaced by U+FFFD.
std::string scrub(std::string_view s);
// The code points of s, or nullopt when s is not well-formed UTF-8 (as valid()).
std::optional<std::u32string> decode(std::string_view s);
// Appends the UTF-8 bytes of code point c (a scalar value: the caller keeps surrogates out).
void append(std::string& out, char32_t c);

// For text that arrives in pieces: how much of s is complete well-formed sequences (`valid`), and
// whether what follows is only the start of a sequence the next piece may complete (`incomplete`,
// at most 3 bytes) rather than an invalid byte at s[valid].
struct Prefix {
  std::size_t valid = 0;
  bool incomplete = false;
};
Prefix valid_prefix(std::string_view s);

// The longest start of s of at most max_bytes that does not end inside a character.
std::string_view clip(std::string_view s, std::size_t max_bytes);

}  // namespace rapport::utf8
