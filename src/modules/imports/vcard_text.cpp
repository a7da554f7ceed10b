#include "modules/imports/vcard_text.hpp"

#include <unicode/ucnv.h>

#include <chrono>

#include "platform/utf8.hpp"
#include "platform/ascii.hpp"

namespace rapport::imports {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// ICU's one-shot conversion; `ok` false when the charset is unknown or the bytes do not fit it.
std::string convert(std::string_view bytes, const char* charset, bool& ok) {
  ok = true;
  if (bytes.empty()) return {};
  std::string out(bytes.size() * 3 + 4, '\0');
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = ucnv_convert("UTF-8", charset, out.data(), static_cast<int32_t>(out.size()), bytes.data(),
                           static_cast<int32_t>(bytes.size()), &err);
  ok = U_SUCCESS(err);
  out.resize(ok ? static_cast<std::size_t>(n) : 0);
  return out;
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

std::string decode_quoted_printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
      continue;
    }
    if (i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else if (i + 1 == text.size()) {
      // a soft break the line joining left at the very end
    } else if (text[i + 1] == '\n' || (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n')) {
      i += text[i + 1] == '\r' ? 2 : 1;  // a soft break kept inside the value
    } else {
      out += '=';
    }
  }
  return out;
}

std::string text_in_charset(std::string_view bytes, std::string_view charset) {
  bool utf8_said = charset.empty() || ascii::iequals(charset, "utf-8") || ascii::iequals(charset, "utf8");
  if (utf8::valid(bytes) && (utf8_said || ascii::iequals(charset, "us-ascii"))) return std::string(bytes);
  bool ok = false;
  if (!utf8_said && charset.size() < 64) {
    std::string name(charset);
    std::string out = convert(bytes, name.c_str(), ok);
    if (ok && utf8::valid(out)) return out;
  }
  std::string out = convert(bytes, "windows-1252", ok);
  return ok ? out : utf8::scrub(bytes);
}

std::string unescape_text(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c != '\\' || i + 1 == value.size()) {
      out += c;
      continue;
    }
    char e = value[i + 1];
    if (e == '\\' || e == ',' || e == ';') out += e;
    else if (e == 'n' || e == 'N') out += '\n';
    else {
      out += c;
      continue;  // not an escape: the next letter is read as itself
    }
    ++i;
  }
  return out;
}

std::vector<std::string> split_components(std::string_view value, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= value.size(); ++i) {
    if (i < value.size() && value[i] == '\\') {
      ++i;  // the escaped letter is no separator
      continue;
    }
    if (i < value.size() && value[i] != sep) continue;
    out.push_back(unescape_text(value.substr(start, i - start)));
    start = i + 1;
  }
  return out;
}

std::string birthday_iso(std::string_view value) {
  if (auto t = value.find_first_of("Tt "); t != std::string_view::npos) value = value.substr(0, t);
  std::string_view y, m, d;
  if (value.size() == 8 && all_digits(value)) {
    y = value.substr(0, 4), m = value.substr(4, 2), d = value.substr(6, 2);
  } else if (value.size() == 10 && value[4] == '-' && value[7] == '-') {
    y = value.substr(0, 4), m = value.substr(5, 2), d = value.substr(8, 2);
  } else {
    return {};  // --0412, a bare year, text
  }
  if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return {};
  // Apple writes 1604 for "year not known" (X-APPLE-OMIT-YEAR); no contact was born before 1800.
  if (number(y) < 1800) return {};
  std::chrono::year_month_day date{std::chrono::year(number(y)), std::chrono::month(static_cast<unsigned>(number(m))),
                                   std::chrono::day(static_cast<unsigned>(number(d)))};
  if (!date.ok()) return {};
  std::string out(y);
  out += '-';
  out += m;
  out += '-';
  out += d;
  return out;
}

}  // namespace rapport::imports
