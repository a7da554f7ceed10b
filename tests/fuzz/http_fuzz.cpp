// libFuzzer target for what a client's bytes meet before any handler: Boost.Beast's request parser
// configured as the server configures it (header limit, body limit), fed in pieces as a socket
// delivers them; then the project's own reading of a parsed request: the target split into a decoded
// path and query (request_target), the route matched (router), a form body (form_body) and a JSON
// body (parse_json_object). Checked beyond "no crash, no leak, no undefined behaviour": the limits
// hold, a parse does not depend on how the bytes are cut, a matched route's path parameters are
// non-empty segments of the path, a JSON refusal is a 4xx.
// Build and run: bash scripts/fuzz.sh [seconds] http
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "platform/http/form_body.hpp"
#include "platform/http/request_target.hpp"
#include "platform/http/router.hpp"
#include "platform/http/server.hpp"

using namespace rapport;
namespace bhttp = boost::beast::http;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

constexpr std::size_t kBodyLimit = 64 * 1024;

const http::Router& router() {
  static const http::Router r = [] {
    http::Router r;
    auto ok = [](http::Request&) { return http::no_content(); };
    for (const char* p : {"/api/v1/contacts", "/api/v1/contacts/{id}", "/api/v1/contacts/{id}/timeline",
                          "/api/v1/deals/{id}/line-items/{item_id}", "/api/v1/{object}/export", "/t/c/{token}",
                          "/api/v1/public/web-forms/{key}"}) {
      r.add("GET", p, ok, {});
      r.add("POST", p, ok, {});
    }
    return r;
  }();
  return r;
}

// Parses `bytes` fed in pieces of `piece` bytes; nullopt when the parser refuses them or wants more.
std::optional<bhttp::request<bhttp::string_body>> parse(std::string_view bytes, std::size_t piece) {
  bhttp::request_parser<bhttp::string_body> p;
  p.header_limit(static_cast<std::uint32_t>(http::ServerOptions{}.header_limit));
  p.body_limit(kBodyLimit);
  p.eager(true);  // as async_read does once the header is read
  std::size_t used = 0;
  boost::beast::error_code ec;
  while (used < bytes.size() && !p.is_done()) {
    std::size_t end = std::min(bytes.size(), used + piece);
    // The parser takes whole lines only: what it leaves is offered again with the next bytes.
    std::size_t n = p.put(boost::asio::buffer(bytes.data() + used, end - used), ec);
    if (ec == bhttp::error::need_more) ec = {};
    if (ec) return std::nullopt;
    used += n;
    if (n == 0) {
      if (end == bytes.size()) return std::nullopt;
      piece *= 2;
    }
  }
  if (!p.is_done()) return std::nullopt;
  check(p.get().body().size() <= kBodyLimit);
  return p.release();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto whole = parse(bytes, bytes.size());
  auto pieces = parse(bytes, 1 + data[0] % 16);
  check(whole.has_value() == pieces.has_value());
  if (!whole) return 0;
  check(pieces->target() == whole->target() && pieces->body() == whole->body() &&
        pieces->method_string() == whole->method_string());

  http::Request req;
  req.raw = std::move(*whole);
  auto target = req.raw.target();
  if (!http::parse_target(std::string_view(target.data(), target.size()), req)) return 0;
  auto m = router().match(req.method(), req.path, &req);
  if (m.route) {
    for (const auto& [name, value] : req.params) check(!value.empty() && req.path.find(value) != std::string::npos);
  }
  if (req.header("Content-Type").starts_with("application/x-www-form-urlencoded")) {
    auto fields = http::parse_form_body(req.raw.body());
    if (fields) check(fields->size() <= 50);
  }
  auto json = http::parse_json_object(req);
  if (!json) check(json.problem().status >= 400 && json.problem().status < 500);
  return 0;
}
