#include "platform/http/static_site.hpp"

#include <sodium.h>

#include <array>
#include <cctype>
#include <cstdlib>
#include <vector>

#include "platform/ids.hpp"
#include "platform/ascii.hpp"

namespace rapport::http {

namespace {

// The UI's policy: everything from this origin only, no inline script or style, no eval, no plugins,
// not framed; data: and blob: images for what the app draws (QR codes, charts exported as images).
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

using ascii::lower;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls f(item) for each comma-separated item of a header value, trimmed.
template <typename F>
void each_item(std::string_view list, F f) {
  while (!list.empty()) {
    auto comma = list.find(',');
    auto item = trim(list.substr(0, comma));
    if (!item.empty()) f(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

// The q-value Accept-Encoding gives a coding (RFC 9110 12.5.3): its own, else that of "*", else 0.
double accepted_quality(std::string_view accept_encoding, std::string_view coding) {
  double own = -1, any = -1;
  each_item(accept_encoding, [&](std::string_view item) {
    auto semi = item.find(';');
    std::string name = lower(trim(item.substr(0, semi)));
    double q = 1;
    if (semi != std::string_view::npos) {
      auto param = trim(item.substr(semi + 1));
      if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=')
        q = std::strtod(std::string(param.substr(2)).c_str(), nullptr);
    }
    if (name == coding) own = q;
    else if (name == "*") any = q;
  });
  if (own >= 0) return own;
  return any >= 0 ? any : 0;
}

// The ETag of an encoded variant: the identity's with the coding appended inside the quotes (each
// representation has its own strong validator).
std::string variant_etag(const std::string& etag, std::string_view coding) {
  std::string out = etag;
  if (!out.empty()) out.pop_back();
  out.append("-").append(coding).append("\"");
  return out;
}

// Whether If-None-Match names one of the file's representations (or is "*"); weak tags compare by
// their value (RFC 9110 13.1.2).
bool none_match_hits(std::string_view header, const std::array<std::string, 3>& tags) {
  bool hit = false;
  each_item(header, [&](std::string_view tag) {
    if (tag == "*") hit = true;
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    for (const auto& t : tags)
      if (tag == t) hit = true;
  });
  return hit;
}

bool has_extension(std::string_view path) {
  auto slash = path.rfind('/');
  auto last = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return last.find('.') != std::string_view::npos;
}

Response plain(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  r.header("Cache-Control", "no-cache");
  StaticSite::add_security_headers(r);
  return r;
}

// The path with its empty segments dropped, or nullopt when a segment is "." or ".." or holds a
// backslash or NUL (the path is already percent-decoded, so encoded forms are caught too).
std::optional<std::string> clean_path(std::string_view path) {
  std::string out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    auto seg = path.substr(i, j - i);
    if (!seg.empty()) {
      if (seg == "." || seg == ".." || seg.find('\\') != std::string_view::npos || seg.find('\0') != std::string_view::npos)
        return std::nullopt;
      out.append("/").append(seg);
    }
    i = j;
  }
  return out.empty() ? std::string("/") : out;
}

}  // namespace

EmbeddedFiles::EmbeddedFiles(std::span<const EmbeddedFile> files) {
  for (const auto& f : files) by_path_.emplace(f.path, &f);
}

std::optional<SiteFile> EmbeddedFiles::find(std::string_view path) const {
  auto it = by_path_.find(path);
  if (it == by_path_.end()) return std::nullopt;
  const EmbeddedFile& f = *it->second;
  return SiteFile{f.identity, f.gzip, f.br, std::string(f.etag), nullptr};
}

std::string content_etag(std::string_view content) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(content.data()), content.size());
  std::string tag = "\"";
  tag.append(ids::base64url_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), 18))).append("\"");
  return tag;
}

std::string_view content_type_for(std::string_view path) {
  static const std::unordered_map<std::string_view, std::string_view> types = {
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"woff2", "font/woff2"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"ico", "image/x-icon"},
      {"webmanifest", "application/manifest+json"},
      {"txt", "text/plain; charset=utf-8"},
  };
  auto slash = path.rfind('/');
  auto name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  auto it = types.find(lower(name.substr(dot + 1)));
  return it == types.end() ? "application/octet-stream" : it->second;
}

StaticSite::StaticSite(std::unique_ptr<SiteFiles> files, std::string absent)
    : files_(std::move(files)), absent_(std::move(absent)) {}

bool StaticSite::serves(std::string_view path) {
  if (path == "/api" || path.starts_with("/api/")) return false;
  for (std::string_view ops : {"/healthz", "/readyz", "/metrics", "/hello", "/slow"})
    if (path == ops) return false;
  return true;
}

void StaticSite::add_security_headers(Response& r) {
  r.header("Content-Security-Policy", kContentSecurityPolicy);
  r.header("X-Content-Type-Options", "nosniff");
  r.header("Referrer-Policy", "same-origin");
  r.header("X-Frame-Options", "DENY");
  r.header("Cross-Origin-Opener-Policy", "same-origin");
}

Response StaticSite::not_found(std::string_view detail) const { return plain(404, std::string(detail) + "\n"); }

Response StaticSite::answer(const Request& req) const {
  auto path = clean_path(req.path);
  if (!path) return plain(400, "The path may not hold \".\" or \"..\" segments, backslashes or NUL bytes\n");
  const bool page = !has_extension(*path);  // a route of the app, not a file
  if (!files_) return not_found(page ? absent_ : "Not found");
  std::optional<SiteFile> file = *path == "/" ? std::nullopt : files_->find(*path);
  std::string served = *path;
  if (!file && page) {
    served = "/index.html";
    file = files_->find(served);
  }
  if (!file) return not_found("Not found");

  std::string_view body = file->identity;
  std::string coding;
  const std::string accept(req.header("Accept-Encoding"));
  if (!file->br.empty() && accepted_quality(accept, "br") > 0) body = file->br, coding = "br";
  else if (!file->gzip.empty() && accepted_quality(accept, "gzip") > 0) body = file->gzip, coding = "gzip";
  const std::array<std::string, 3> tags = {file->etag, variant_etag(file->etag, "br"), variant_etag(file->etag, "gzip")};
  const std::string& etag = coding.empty() ? tags[0] : coding == "br" ? tags[1] : tags[2];

  Response r;
  r.header("ETag", etag);
  // Hashed names change with their content, so a browser may keep them for good; everything else,
  // index.html first, is revalidated on each use (a 304 when unchanged).
  r.header("Cache-Control", served.starts_with("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
  if (!file->br.empty() || !file->gzip.empty()) r.header("Vary", "Accept-Encoding");
  add_security_headers(r);
  if (none_match_hits(req.header("If-None-Match"), tags)) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  if (!coding.empty()) r.header("Content-Encoding", coding);
  r.content_type = std::string(content_type_for(served));
  r.body.assign(body);
  return r;
}

}  // namespace rapport::http
