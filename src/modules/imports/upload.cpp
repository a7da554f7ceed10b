#include "modules/imports/upload.hpp"

#include <algorithm>
#include <cctype>

#include "modules/imports/file_reader.hpp"
#include "platform/ascii.hpp"

namespace rapport::imports {

namespace {

using ascii::lower;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of parameter `name` in a header value such as `form-data; name="file"; filename="a.csv"`
// (quoted with backslash escapes, or a bare token); nullopt when absent.
std::optional<std::string> parameter(std::string_view value, std::string_view name) {
  std::size_t pos = value.find(';');
  while (pos != std::string_view::npos) {
    std::string_view rest = trim(value.substr(pos + 1));
    std::size_t eq = rest.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    std::string key = lower(trim(rest.substr(0, eq)));
    std::string_view v = trim(rest.substr(eq + 1));
    std::string out;
    std::size_t used = 0;
    if (!v.empty() && v.front() == '"') {
      std::size_t i = 1;
      for (; i < v.size() && v[i] != '"'; ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) ++i;
        out += v[i];
      }
      used = std::min(v.size(), i + 1);
    } else {
      used = std::min(v.find(';'), v.size());
      out = std::string(trim(v.substr(0, used)));
    }
    if (key == name) return out;
    std::size_t next = v.find(';', used);
    if (next == std::string_view::npos) return std::nullopt;
    pos = static_cast<std::size_t>(v.data() + next - value.data());
  }
  return std::nullopt;
}

Problem malformed(std::string detail) { return Problem::bad_request("The multipart body is malformed: " + std::move(detail)); }

struct Part {
  std::string name, file_name, content_type;
  std::string_view body;
};

// The headers of a part (up to the blank line) and its body.
Result<Part> read_part(std::string_view part) {
  std::size_t end = part.find("\r\n\r\n");
  if (end == std::string_view::npos) return malformed("a part has no blank line after its headers");
  Part p;
  p.body = part.substr(end + 4);
  std::string_view headers = part.substr(0, end);
  while (!headers.empty()) {
    std::size_t eol = headers.find("\r\n");
    std::string_view line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string header = lower(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (header == "content-type") p.content_type = std::string(value.substr(0, 200));
    if (header != "content-disposition") continue;
    if (auto n = parameter(value, "name")) p.name = *n;
    if (auto f = parameter(value, "filename")) p.file_name = *f;
  }
  if (p.name.empty()) return malformed("a part has no Content-Disposition name");
  return p;
}

// A file name fit to show and store: its last path segment, without control characters, bounded.
std::string clean_file_name(std::string_view name) {
  std::size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (char ch : name)
    if (static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7F) out += ch;
  if (out.size() > kMaxFileNameBytes) {
    std::size_t cut = kMaxFileNameBytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // whole characters
    out.resize(cut);
  }
  return out.empty() ? "upload.csv" : out;
}

Result<Upload> read_multipart(std::string_view content_type, std::string_view body) {
  auto boundary = parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) return malformed("the boundary parameter is missing or longer than 70 characters");
  const std::string delimiter = "--" + *boundary;
  // The body starts with the first delimiter (a preamble before it is ignored, RFC 2046).
  std::size_t pos = body.starts_with(delimiter) ? 0 : body.find("\r\n" + delimiter);
  if (pos == std::string_view::npos) return malformed("no part starts with the boundary");
  if (pos != 0) pos += 2;
  Upload out;
  bool have_file = false;
  const std::string next_delimiter = "\r\n" + delimiter;
  while (true) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") break;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") return malformed("a boundary line is not followed by CRLF");
    pos += 2;
    std::size_t end = body.find(next_delimiter, pos);
    if (end == std::string_view::npos) return malformed("the body ends before the closing boundary");
    auto part = read_part(body.substr(pos, end - pos));
    if (!part) return part.take_problem();
    if (part->name == "file") {
      if (have_file) return malformed("more than one part is named file");
      have_file = true;
      out.file = part->body;
      out.file_name = clean_file_name(part->file_name);
      out.content_type = part->content_type;
      if (lower(trim(out.content_type.substr(0, out.content_type.find(';')))) == "application/octet-stream" ||
          out.content_type.empty())
        out.content_type = std::string(content_type_for_file_name(part->file_name));
    } else if (part->name == "mapping") {
      if (part->body.size() > kMaxMappingPartBytes) return malformed("the mapping part is larger than 256 KiB");
      out.mapping = part->body;
    } else {
      return malformed("unknown part " + part->name + " (expected file and optionally mapping)");
    }
    pos = end + 2;
  }
  if (!have_file) return malformed("no part is named file");
  return out;
}

}  // namespace

Result<Upload> read_upload(std::string_view content_type, std::string_view body) {
  std::string type = lower(trim(content_type.substr(0, content_type.find(';'))));
  if (type == "multipart/form-data") return read_multipart(content_type, body);
  // The file itself: a type some reader takes (sniff_file checks it against the bytes).
  if (is_file_type(type))
    return Upload{.file = body,
                  .file_name = type == kXlsxContentType ? "upload.xlsx" : type.find("vcard") != std::string::npos ? "upload.vcf" : "upload.csv",
                  .content_type = std::string(content_type),
                  .mapping = std::nullopt};
  std::string detail = "Send the file as text/csv, text/vcard or ";  // built with += (GCC 12's false -Warray-bounds)
  detail += kXlsxContentType;
  detail += ", or as multipart/form-data with a part named file (and optionally mapping)";
  return Problem{415, "Unsupported Media Type", std::move(detail), {}, "unsupported-media-type"};
}

}  // namespace rapport::imports
