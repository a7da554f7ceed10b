#include "platform/http/static_site.hpp"

#include <gtest/gtest.h>

namespace rapport::http {
namespace {

const EmbeddedFile kFiles[] = {
    {"/index.html", "\"idx\"", "<!doctype html><div id=root></div>", "", ""},
    {"/assets/app-1a2b.js", "\"app\"", "console.log(1)", "GZ", "BR"},
    {"/assets/style-9z.css", "\"css\"", "body{}", "GZ-ONLY", ""},
    {"/favicon.svg", "\"svg\"", "<svg/>", "", ""},
};

Request request(std::string path, std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request r;
  r.raw.method(bhttp::verb::get);
  r.path = std::move(path);
  for (auto& [k, v] : headers) r.raw.set(k, v);
  return r;
}

std::string header(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

StaticSite site() { return StaticSite(std::make_unique<EmbeddedFiles>(kFiles), ""); }

TEST(StaticSite, ServesFilesAndIndexForClientRoutes) {
  auto s = site();
  for (std::string path : {"/", "/contacts/123", "/deals/board", "/index.html"}) {
    auto r = s.answer(request(path));
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, "<!doctype html><div id=root></div>") << path;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8") << path;
    EXPECT_EQ(header(r, "Cache-Control"), "no-cache") << path;
    EXPECT_EQ(header(r, "ETag"), "\"idx\"") << path;
  }
  auto svg = s.answer(request("/favicon.svg"));
  EXPECT_EQ(svg.body, "<svg/>");
  EXPECT_EQ(svg.content_type, "image/svg+xml");
  EXPECT_EQ(header(svg, "Cache-Control"), "no-cache");
  EXPECT_EQ(header(svg, "Vary"), "");  // nothing to negotiate
}

TEST(StaticSite, HashedAssetsAreImmutable) {
  auto r = site().answer(request("/assets/app-1a2b.js"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "console.log(1)");
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(r, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(r, "Vary"), "Accept-Encoding");
  EXPECT_EQ(header(r, "Content-Encoding"), "");
}

TEST(StaticSite, MissingFilesWithAnExtensionAre404) {
  auto s = site();
  for (std::string path : {"/assets/gone-123.js", "/robots.txt", "/contacts/a.b"}) {
    auto r = s.answer(request(path));
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.content_type, "text/plain; charset=utf-8");
    EXPECT_LT(r.body.size(), 64u);
  }
}

TEST(StaticSite, NegotiatesThePrecompressedVariants) {
  auto s = site();
  auto br = s.answer(request("/assets/app-1a2b.js", {{"Accept-Encoding", "gzip, deflate, br"}}));
  EXPECT_EQ(br.body, "BR");
  EXPECT_EQ(header(br, "Content-Encoding"), "br");
  EXPECT_EQ(header(br, "ETag"), "\"app-br\"");
  EXPECT_EQ(br.content_type, "text/javascript; charset=utf-8");
  auto gz = s.answer(request("/assets/app-1a2b.js", {{"Accept-Encoding", "gzip;q=0.5, br;q=0"}}));
  EXPECT_EQ(gz.body, "GZ");
  EXPECT_EQ(header(gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(header(gz, "ETag"), "\"app-gzip\"");
  auto star = s.answer(request("/assets/app-1a2b.js", {{"Accept-Encoding", "*"}}));
  EXPECT_EQ(star.body, "BR");
  auto refused = s.answer(request("/assets/app-1a2b.js", {{"Accept-Encoding", "*;q=0, identity"}}));
  EXPECT_EQ(refused.body, "console.log(1)");
  EXPECT_EQ(header(refused, "Content-Encoding"), "");
  auto only_gzip = s.answer(request("/assets/style-9z.css", {{"Accept-Encoding", "br, gzip"}}));
  EXPECT_EQ(only_gzip.body, "GZ-ONLY");
  EXPECT_EQ(header(only_gzip, "Content-Encoding"), "gzip");
}

TEST(StaticSite, IfNoneMatchAnswers304) {
  auto s = site();
  for (std::string tag : {"\"app\"", "W/\"app\"", "\"x\", \"app-br\"", "*"}) {
    auto r = s.answer(request("/assets/app-1a2b.js", {{"If-None-Match", tag}, {"Accept-Encoding", "br"}}));
    EXPECT_EQ(r.status, 304) << tag;
    EXPECT_TRUE(r.body.empty());
    EXPECT_EQ(header(r, "ETag"), "\"app-br\"");
    EXPECT_EQ(header(r, "Cache-Control"), "public, max-age=31536000, immutable");
  }
  EXPECT_EQ(s.answer(request("/assets/app-1a2b.js", {{"If-None-Match", "\"other\""}})).status, 200);
  EXPECT_EQ(s.answer(request("/contacts/9", {{"If-None-Match", "\"idx\""}})).status, 304);
}

TEST(StaticSite, RefusesDotSegments) {
  auto s = site();
  for (std::string path : std::vector<std::string>{"/../etc/passwd", "/assets/../index.html", "/./index.html", "/a\\b", std::string("/a\0b", 4)}) {
    auto r = s.answer(request(path));
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_EQ(r.body.find("root"), std::string::npos);
  }
  EXPECT_EQ(s.answer(request("//assets//app-1a2b.js")).status, 200);  // empty segments are dropped
}

TEST(StaticSite, EveryAnswerCarriesTheUiSecurityHeaders) {
  auto s = site();
  for (std::string path : {"/", "/assets/app-1a2b.js", "/missing.js", "/.."}) {
    auto r = s.answer(request(path));
    EXPECT_EQ(header(r, "Content-Security-Policy"),
              "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
              "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        << path;
    EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(header(r, "Referrer-Policy"), "same-origin");
    EXPECT_EQ(header(r, "X-Frame-Options"), "DENY");
    EXPECT_EQ(header(r, "Cross-Origin-Opener-Policy"), "same-origin");
  }
}

TEST(StaticSite, WithoutFilesSaysTheUiIsNotBuiltIn) {
  StaticSite s(nullptr, "No web UI in this build");
  auto r = s.answer(request("/"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "No web UI in this build\n");
  EXPECT_EQ(s.answer(request("/assets/a.js")).body, "Not found\n");
}

TEST(StaticSite, LeavesTheApiAndOperationsPathsAlone) {
  for (std::string_view p : {"/api", "/api/", "/api/v1/nothing", "/healthz", "/readyz", "/metrics", "/hello", "/slow"})
    EXPECT_FALSE(StaticSite::serves(p)) << p;
  for (std::string_view p : {"/", "/apiary", "/contacts/1", "/assets/a.js", "/healthz/x"}) EXPECT_TRUE(StaticSite::serves(p)) << p;
}

TEST(StaticSite, ContentTypesByExtension) {
  EXPECT_EQ(content_type_for("/a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("/a.PNG"), "image/png");
  EXPECT_EQ(content_type_for("/f.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("/m.webmanifest"), "application/manifest+json");
  EXPECT_EQ(content_type_for("/a.js.map"), "application/json");
  EXPECT_EQ(content_type_for("/favicon.ico"), "image/x-icon");
  EXPECT_EQ(content_type_for("/x.json"), "application/json");
  EXPECT_EQ(content_type_for("/robots.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_for("/noext"), "application/octet-stream");
  EXPECT_EQ(content_type_for("/a.exe"), "application/octet-stream");
}

TEST(StaticSite, ContentEtagIsAStrongHashOfTheBytes) {
  EXPECT_EQ(content_etag("abc"), content_etag("abc"));
  EXPECT_NE(content_etag("abc"), content_etag("abd"));
  // SHA-256("abc") = ba7816bf..., its first 18 bytes in base64url: the build computes the same.
  EXPECT_EQ(content_etag("abc"), "\"ungWv48Bz-pBQUDeXa4iI7AD\"");
}

}  // namespace
}  // namespace rapport::http
