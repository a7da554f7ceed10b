// Patterns that workspace admins write for custom text fields. An admin's input is untrusted: the
// patterns run on RE2 (linear time in the value, bounded memory, no recursion), never on a
// backtracking engine, and the compiled form is cached per pattern text.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace rapport::records::pattern {

constexpr std::size_t kMaxPatternBytes = 200;
// A value is checked only when it is within its field's max_length (at most this many characters).
constexpr std::size_t kMaxValueChars = 100000;
// Memory RE2 may use for one compiled pattern: a pattern whose program needs more is refused (e.g.
// [\pL ]{1,200}); at match time the DFA falls back to the NFA beyond it (slower, still linear).
constexpr int64_t kMaxMemory = 2 << 20;
// Compiled patterns kept (least recently used go first): at most kMaxCached * kMaxMemory in all.
constexpr std::size_t kMaxCached = 128;

// The compiled pattern, shared by every caller, or null when RE2 refuses it; then `error` (when
// given) says why.
std::shared_ptr<const re2::RE2> compile(const std::string& pattern, std::string* error = nullptr);

enum class Match { Yes, No, Invalid };
// Whether the whole of `value` matches (the pattern is anchored at both ends, as a field's pattern is).
Match full_match(const std::string& pattern, std::string_view value);

// Entries in the cache (for tests).
std::size_t cached_count();

}  // namespace rapport::records::pattern
