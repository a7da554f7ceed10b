// The web UI's files, answered for GET and HEAD of every path that is not the API's (StaticSite::serves):
// a file that exists is sent as is; any other path without an extension gets index.html (a route of the
// single-page app, which the browser resolves); a missing file with an extension gets a small 404.
// Answers carry a strong ETag (a hash of the content: If-None-Match gives 304), Cache-Control
// (immutable for the hashed files under /assets/, no-cache for the rest, index.html included), the
// content type from the extension, a precompressed variant (br, then gzip) when Accept-Encoding takes
// it, and the UI's security headers (a strict Content-Security-Policy: no inline script, no eval).
// The files come from a SiteFiles: built into the binary (EmbeddedFiles) or read from a directory
// (http/site_directory.hpp, --web-dir). Without either, the UI paths answer 404 saying so.
#pragma once
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "platform/http/message.hpp"

namespace rapport::http {

// One file of the site and its precompressed variants (empty when none was smaller). The views stay
// valid as long as `storage` (null for the files built into the binary, which live as long as it).
struct SiteFile {
  std::string_view identity, gzip, br;
  std::string etag;  // strong, quoted: "\"<hash of identity>\""
  std::shared_ptr<const void> storage;
};

class SiteFiles {
 public:
  virtual ~SiteFiles() = default;
  // The file at a URL path such as "/assets/app-1a2b.js", or nullopt. StaticSite only asks for paths
  // without "." or ".." segments, backslashes or NUL bytes.
  virtual std::optional<SiteFile> find(std::string_view path) const = 0;
};

// A file built into the binary; the build computes its ETag and variants (cmake/embed_web.cmake).
struct EmbeddedFile {
  std::string_view path;  // "/index.html"
  std::string_view etag;  // quoted
  std::string_view identity, gzip, br;
};

class EmbeddedFiles : public SiteFiles {
 public:
  explicit EmbeddedFiles(std::span<const EmbeddedFile> files);
  std::optional<SiteFile> find(std::string_view path) const override;

 private:
  std::unordered_map<std::string_view, const EmbeddedFile*> by_path_;
};

// The strong ETag the build and --web-dir give a file: the first 144 bits of its SHA-256, base64url,
// quoted.
std::string content_etag(std::string_view content);

// "text/javascript; charset=utf-8" for "/assets/a.js"; application/octet-stream when unknown.
std::string_view content_type_for(std::string_view path);

class StaticSite {
 public:
  // files null: this build has no UI and none was given (--web-dir); `absent` then says so in the
  // 404 answered where index.html would be.
  StaticSite(std::unique_ptr<SiteFiles> files, std::string absent);

  // Whether a GET or HEAD of this path is the site's rather than the API's: not under /api/, and not
  // one of the operations paths (/healthz, /readyz, /metrics) nor the benchmark routes.
  static bool serves(std::string_view path);
  // The answer to a GET or HEAD of a path that serves() (the server drops a HEAD answer's body).
  Response answer(const Request& req) const;
  // The UI's security headers (a strict Content-Security-Policy, no framing, no sniffing), which
  // every answer of the site carries.
  static void add_security_headers(Response& r);
  // Whether there is a UI to serve (built in, or --web-dir).
  bool serves_ui() const { return files_ != nullptr; }

 private:
  Response not_found(std::string_view detail) const;

  std::unique_ptr<SiteFiles> files_;
  std::string absent_;
};

}  // namespace rapport::http
