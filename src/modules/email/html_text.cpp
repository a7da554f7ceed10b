#include "modules/email/html_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include "platform/utf8.hpp"
#include "platform/ascii.hpp"

namespace rapport::email {

namespace {

using ascii::lower;

// The tag's name, lower-cased, without the "/" of an end tag; `end` says whether it was one.
std::string tag_name(std::string_view tag, bool& end) {
  std::size_t i = 0;
  end = i < tag.size() && tag[i] == '/';
  if (end) ++i;
  std::size_t start = i;
  while (i < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[i])) != 0)) ++i;
  return lower(tag.substr(start, i - start));
}

// Elements that stand apart by an empty line, and those that start a line of their own.
bool is_paragraph(const std::string& name) {
  static const std::array<const char*, 11> names = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol"};
  return std::any_of(names.begin(), names.end(), [&](const char* n) { return name == n; });
}
bool is_line(const std::string& name) {
  static const std::array<const char*, 6> names = {"div", "li", "tr", "section", "hr", "pre"};
  return std::any_of(names.begin(), names.end(), [&](const char* n) { return name == n; });
}

// A line break unless the text is at a line's start already (blanks before it dropped).
void soft_break(std::string& raw) {
  while (!raw.empty() && raw.back() == ' ') raw.pop_back();
  if (!raw.empty() && raw.back() != '\n') raw += '\n';
}

// Elements whose content is not text a reader sees.
bool is_hidden(const std::string& name) {
  return name == "script" || name == "style" || name == "head" || name == "title" || name == "template";
}

void append_code_point(std::string& out, uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  utf8::append(out, static_cast<char32_t>(cp));
}

// Decodes the reference at html[i] ('&'); answers how many bytes it took (0: not a reference).
std::size_t decode_reference(std::string_view html, std::size_t i, std::string& out) {
  std::size_t semi = html.find(';', i);
  if (semi == std::string_view::npos || semi - i > 12) return 0;
  std::string_view body = html.substr(i + 1, semi - i - 1);
  if (!body.empty() && body[0] == '#') {
    bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 8) return 0;
    uint32_t cp = 0;
    for (char ch : digits) {
      int d = std::isdigit(static_cast<unsigned char>(ch)) ? ch - '0'
              : hex && std::isxdigit(static_cast<unsigned char>(ch)) ? std::tolower(static_cast<unsigned char>(ch)) - 'a' + 10
                                                                     : -1;
      if (d < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
    }
    append_code_point(out, cp);
    return semi - i + 1;
  }
  static const std::array<std::pair<const char*, const char*>, 9> named = {
      {{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}, {"ndash", "\xE2\x80\x93"},
       {"mdash", "\xE2\x80\x94"}, {"hellip", "\xE2\x80\xA6"}}};
  for (const auto& [name, text] : named)
    if (body == name) {
      out += text;
      return semi - i + 1;
    }
  return 0;
}

// Folds blanks to one space, trims line ends, keeps at most one empty line in a row.
std::string tidy(const std::string& raw) {
  std::string out;
  int breaks = 0;
  bool space = false;
  for (char ch : raw) {
    if (ch == '\n') {
      space = false;
      if (!out.empty() && breaks < 2) out += '\n';
      ++breaks;
      continue;
    }
    if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v') {
      space = true;
      continue;
    }
    if (space && !out.empty() && breaks == 0) out += ' ';
    space = false;
    breaks = 0;
    out += ch;
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace

std::string html_text(std::string_view html) {
  std::string raw;
  raw.reserve(html.size());
  std::string hidden;  // the element whose content is skipped, until its end tag
  std::size_t i = 0;
  while (i < html.size()) {
    char ch = html[i];
    if (ch == '<') {
      if (html.substr(i, 4) == "<!--") {
        std::size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      std::size_t close = html.find('>', i + 1);
      if (close == std::string_view::npos) break;  // an unfinished tag: nothing after it is text
      bool end = false;
      std::string name = tag_name(html.substr(i + 1, close - i - 1), end);
      i = close + 1;
      if (!hidden.empty()) {
        if (end && name == hidden) hidden.clear();
        continue;
      }
      if (!end && is_hidden(name) && html[close - 1] != '/') {
        hidden = name;
        continue;
      }
      if (name == "br") {
        raw += '\n';
      } else if (is_paragraph(name)) {
        soft_break(raw);
        if (!raw.empty() && !raw.ends_with("\n\n")) raw += '\n';
      } else if (is_line(name)) {
        soft_break(raw);
      }
      if (!end && name == "li") raw += "- ";
      if (name == "td" || name == "th") raw += ' ';
      continue;
    }
    if (!hidden.empty()) {
      ++i;
      continue;
    }
    if (ch == '&') {
      if (std::size_t used = decode_reference(html, i, raw)) {
        i += used;
        continue;
      }
    }
    raw += (ch == '\n' || ch == '\r') ? ' ' : ch;  // line breaks in HTML source are blanks
    ++i;
  }
  return tidy(raw);
}

}  // namespace rapport::email
