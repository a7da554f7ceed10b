#include "platform/export/content_lines.hpp"

#include <ctime>

#include "platform/clock.hpp"
#include "platform/utf8.hpp"

namespace rapport::content_lines {

std::string escape_text(std::string_view value) {
  const std::string clean = utf8::valid(value) ? std::string(value) : utf8::scrub(value);
  std::string out;
  out.reserve(clean.size() + 8);
  for (std::size_t i = 0; i < clean.size(); ++i) {
    const char c = clean[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ',': out += "\\,"; break;
      case ';': out += "\\;"; break;
      case '\n': out += "\\n"; break;
      case '\r':
        out += "\\n";
        if (i + 1 < clean.size() && clean[i + 1] == '\n') ++i;
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') break;  // not allowed in TEXT
        if (c == 0x7F) break;
        out += c;
    }
  }
  return out;
}

void append(std::string& out, std::string_view head, std::string_view value) {
  constexpr std::size_t kMaxOctets = 75;
  std::string line;
  line.reserve(head.size() + 1 + value.size());
  line += head;
  line += ':';
  line += value;
  std::size_t start = 0, width = kMaxOctets;  // a continuation line's leading space counts too
  while (line.size() - start > width) {
    std::size_t end = start + width;
    while (end > start && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;  // not inside a character
    out.append(line, start, end - start);
    out += "\r\n ";
    start = end;
    width = kMaxOctets - 1;
  }
  out.append(line, start, std::string::npos);
  out += "\r\n";
}

std::optional<std::string> utc_basic(std::string_view rfc3339) {
  auto ms = clock::parse_datetime(rfc3339);
  if (!ms) return std::nullopt;
  std::time_t secs = static_cast<std::time_t>(*ms / 1000 - (*ms % 1000 < 0 ? 1 : 0));
  std::tm tm{};
  if (!gmtime_r(&secs, &tm)) return std::nullopt;
  char buf[32];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  if (n == 0) return std::nullopt;
  return std::string(buf, n);
}

std::string text_field(const boost::json::object& record, std::string_view key) {
  auto* v = record.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace rapport::content_lines
