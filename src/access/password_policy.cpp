// The password policy of passwords.hpp: code points, control characters, one repeated character
// and the list of common passwords.
#include <cctype>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "access/passwords.hpp"

namespace rapport::access {

// common_passwords.cpp: one password per line, lower case.
extern const std::string_view kCommonPasswords;

namespace {

// The code points of valid UTF-8, or nullopt (overlong forms, surrogates and values beyond
// U+10FFFF are not valid).
std::optional<std::vector<char32_t>> code_points(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return std::nullopt;
    char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
      auto cont = static_cast<unsigned char>(s[i + k]);
      if ((cont & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (cont & 0x3F);
    }
    constexpr char32_t kMinOf[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinOf[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    out.push_back(cp);
    i += n;
  }
  return out;
}

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
  auto cps = code_points(password);
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
