// The web UI served by the real binary: from a directory (--web-dir) in a temporary folder, and the
// UI built into the binary (or the answer saying there is none). The API keeps its own answers.
#include <filesystem>
#include <fstream>

#include "fixture.hpp"

#ifndef RAPPORT_WEB_EMBEDDED
#define RAPPORT_WEB_EMBEDDED 0
#endif

namespace rapport::testing {
namespace {

namespace fs = std::filesystem;

const std::string kIndex = "<!doctype html><html><head><script type=module src=/assets/app-4f2a9c.js></script></head></html>";
const std::string kScript = "console.log('rapport')";
const std::string kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

class WebStatic : public ServerTest {
 protected:
  static void SetUpTestSuite() {
    base_ = make_temp_dir("rapport-web-");
    const fs::path dist = fs::path(base_) / "dist";
    fs::create_directories(dist / "assets");
    write(dist / "index.html", kIndex);
    write(dist / "assets" / "app-4f2a9c.js", kScript);
    write(dist / "assets" / "app-4f2a9c.js.gz", "GZIP-BYTES");  // the server sends them as they are
    write(dist / "assets" / "app-4f2a9c.js.br", "BROTLI-BYTES");
    write(dist / "favicon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
    write(fs::path(base_) / "secret.txt", "outside the web dir");
    fs::create_symlink(fs::path(base_) / "secret.txt", dist / "leak.txt");
    server_args_ = {"--web-dir", dist.string()};
    ServerTest::SetUpTestSuite();
  }
  static void TearDownTestSuite() {
    ServerTest::TearDownTestSuite();
    server_args_.clear();
    fs::remove_all(base_);
  }
  static inline std::string base_;
};

TEST_F(WebStatic, ClientRoutesGetIndexHtml) {
  for (std::string path : {"/", "/contacts/123", "/deals/board?pipeline=x"}) {
    auto r = http().request("GET", path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, kIndex) << path;
    EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(r.header("cache-control"), "no-cache");
    EXPECT_FALSE(r.header("etag").empty());
    EXPECT_FALSE(r.header("x-request-id").empty());
  }
}

TEST_F(WebStatic, HashedAssetsAreImmutableAndRevalidate) {
  auto r = http().request("GET", "/assets/app-4f2a9c.js");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, kScript);
  EXPECT_EQ(r.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(r.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(r.header("vary"), "Accept-Encoding");
  EXPECT_EQ(r.header("content-encoding"), "");
  const std::string etag = r.header("etag");
  ASSERT_EQ(etag.front(), '"') << "a strong ETag";
  auto again = http().request("GET", "/assets/app-4f2a9c.js", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("etag"), etag);
  auto index = http().request("GET", "/");
  EXPECT_EQ(http().request("GET", "/contacts/7", "", {{"If-None-Match", index.header("etag")}}).status, 304);
  EXPECT_EQ(http().request("GET", "/assets/app-4f2a9c.js", "", {{"If-None-Match", "\"stale\""}}).status, 200);
}

TEST_F(WebStatic, NegotiatesPrecompressedVariants) {
  auto br = http().request("GET", "/assets/app-4f2a9c.js", "", {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(br.body, "BROTLI-BYTES");
  EXPECT_EQ(br.header("content-encoding"), "br");
  EXPECT_EQ(br.header("vary"), "Accept-Encoding");
  auto gz = http().request("GET", "/assets/app-4f2a9c.js", "", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gz.body, "GZIP-BYTES");
  EXPECT_EQ(gz.header("content-encoding"), "gzip");
  EXPECT_NE(gz.header("etag"), br.header("etag"));  // each representation its own validator
  auto identity = http().request("GET", "/assets/app-4f2a9c.js", "", {{"Accept-Encoding", "identity"}});
  EXPECT_EQ(identity.body, kScript);
  EXPECT_EQ(identity.header("content-encoding"), "");
}

TEST_F(WebStatic, HeadAnswersTheHeaderOnly) {
  auto r = http().request("HEAD", "/assets/app-4f2a9c.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.header("content-length"), std::to_string(kScript.size()));
  EXPECT_EQ(r.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(http().request("GET", "/favicon.svg").header("content-type"), "image/svg+xml");  // the connection goes on
}

TEST_F(WebStatic, MissingAssetsAre404) {
  auto r = http().request("GET", "/assets/app-000000.js");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("content-type"), "text/plain; charset=utf-8");
  EXPECT_LT(r.body.size(), 64u);
}

TEST_F(WebStatic, TraversalIsRefused) {
  for (std::string path : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/assets/%2E%2E/%2e%2e/secret.txt",
                           "/assets%2f..%2f..%2fsecret.txt", "/..%5csecret.txt", "/leak.txt"}) {
    auto r = http().request("GET", path);
    EXPECT_TRUE(r.status == 400 || r.status == 404) << path << " " << r.status;
    EXPECT_EQ(r.body.find("outside the web dir"), std::string::npos) << path;
  }
  // Encoded twice it is a plain name, not a parent directory: a file that does not exist.
  EXPECT_EQ(http().request("GET", "/%252e%252e/secret.txt").status, 404);
}

TEST_F(WebStatic, EveryUiAnswerHasTheUiSecurityHeaders) {
  for (std::string path : {"/", "/contacts/1", "/assets/app-4f2a9c.js", "/assets/missing.js", "/../x"}) {
    auto r = http().request("GET", path);
    EXPECT_EQ(r.header("content-security-policy"), kCsp) << path;
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(r.header("referrer-policy"), "same-origin");
    EXPECT_EQ(r.header("x-frame-options"), "DENY");
    EXPECT_EQ(r.header("cross-origin-opener-policy"), "same-origin");
  }
}

TEST_F(WebStatic, TheApiKeepsItsAnswers) {
  for (std::string path : {"/api/v1/no-such-thing", "/api/v1/contacts/1/nothing", "/api"}) {
    auto r = http().request("GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << path;
    EXPECT_EQ(r.header("content-security-policy"), "default-src 'none'; frame-ancestors 'none'");
    EXPECT_EQ(r.header("referrer-policy"), "no-referrer");
    EXPECT_EQ(r.header("cache-control"), "no-store");
  }
  auto health = http().request("GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.header("content-type"), "application/json");
  EXPECT_EQ(http().request("POST", "/contacts/1").status, 404);  // the UI answers GET and HEAD only
  // Not a path of the API's document.
  auto doc = http().request("GET", "/api/v1/openapi.json").json();
  EXPECT_FALSE(doc.at("paths").as_object().contains("/"));
}

TEST(WebStaticOptions, AWebDirThatIsNotADirectoryStopsTheStart) {
  std::string dir = make_temp_dir("rapport-web-opt-");
  auto r = run_rapport({"serve", "--data", dir + "/data", "--listen", "127.0.0.1:0", "--web-dir", dir + "/nothing"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("--web-dir"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

class WebBuiltIn : public ServerTest {};

// Without --web-dir: the UI built into this binary, or (built with -DRAPPORT_WEB=OFF) a 404 that says so.
TEST_F(WebBuiltIn, ServesTheEmbeddedUiOrSaysThereIsNone) {
  auto r = http().request("GET", "/");
  EXPECT_EQ(r.header("content-security-policy"), kCsp);
  if (RAPPORT_WEB_EMBEDDED) {
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
    EXPECT_NE(r.body.find("<html"), std::string::npos);
    EXPECT_EQ(http().request("GET", "/contacts/1").body, r.body);
  } else {
    EXPECT_EQ(r.status, 404);
    EXPECT_NE(r.body.find("built without the web UI"), std::string::npos) << r.body;
  }
}

}  // namespace
}  // namespace rapport::testing
