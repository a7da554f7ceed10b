// The password policy of passwords.hpp: code points, control characters, one repeated character
// and the list of common passwords.
#include <cctype>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "access/passwords.hpp"
#include "platform/utf8.hpp"

namespace rapport::access {

// The text of src/access/common_passwords.txt, embedded at build time (CMakeLists.txt): the common
// passwords a new password may not be (NIST SP 800-63B 5.1.1.2: "values known to be commonly-used,
// expected, or compromised"), one per line, lower case, only those of 12 characters or more (shorter
// ones are refused by length already). The list was composed for this project from knowledge of the
// published rankings of breached passwords (no list could be downloaded where it was written): the
// words and names that top those rankings with the suffixes people add to reach a length rule
// (digits, years, "!", doubled words), keyboard walks, digit and alphabet runs, and common phrases.
// Add to it freely: one password per line, in lower case, sorted.
extern const std::string_view kCommonPasswords;

namespace {

// C0 controls (NUL, tab, newline, ...), DEL and the C1 controls.
bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

const std::unordered_set<std::string_view>& common_passwords() {
  static const std::unordered_set<std::string_view> set = [] {
    std::unordered_set<std::string_view> s;
    std::string_view text = kCommonPasswords;
    while (!text.empty()) {
      std::size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      if (!line.empty()) s.insert(line);
      if (end == std::string_view::npos) break;
      text.remove_prefix(end + 1);
    }
    return s;
  }();
  return set;
}

}  // namespace

bool is_common_password(std::string_view password) {
  std::string lower(password);
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return common_passwords().contains(lower);
}

std::optional<FieldError> check_password(std::string_view field, std::string_view password) {
  auto refuse = [&](const char* code, std::string message) {
    return std::optional<FieldError>(FieldError{std::string(field), code, std::move(message)});
  };
  if (password.size() > kMaxPasswordBytes)
    return refuse("length", "must have at most " + std::to_string(kMaxPasswordBytes) + " bytes");
  auto cps = utf8::decode(password);
  if (!cps) return refuse("format", "must be valid UTF-8");
  for (char32_t cp : *cps)
    if (is_control(cp)) return refuse("format", "must not contain control characters (such as NUL, tab or a line break)");
  if (cps->size() < kMinPasswordLength)
    return refuse("length", "must have at least " + std::to_string(kMinPasswordLength) + " characters");
  bool one_character = true;
  for (char32_t cp : *cps) one_character = one_character && cp == cps->front();
  if (one_character) return refuse("repeated", "must not be one character repeated");
  if (is_common_password(password))
    return refuse("common", "is one of the most commonly used passwords; choose another (a few unrelated words make a good one)");
  return std::nullopt;
}

}  // namespace rapport::access
