#include "platform/net/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

#include "platform/net/curl_guard.hpp"

namespace rapport::net {
namespace {

using Clock = std::chrono::steady_clock;

// RFC 9110 token characters (methods and header names).
bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!(std::isalnum(c) || std::strchr("!#$%&'*+-.^_`|~", c))) return false;
  return true;
}

bool is_header_value(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

struct BodySink {
  std::string body;
  std::size_t limit = 0;
  bool truncated = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* userp) {
  auto* sink = static_cast<BodySink*>(userp);
  std::size_t length = size * count;
  std::size_t room = sink->limit - sink->body.size();
  if (length > room) {
    // Keep what fits and stop reading: curl then ends the transfer with CURLE_WRITE_ERROR.
    sink->body.append(data, room);
    sink->truncated = true;
    return 0;
  }
  sink->body.append(data, length);
  return length;
}

HttpFailure failure_of(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return HttpFailure::dns;
    case CURLE_COULDNT_CONNECT:
      return HttpFailure::connect;
    case CURLE_OPERATION_TIMEDOUT:
      return HttpFailure::timeout;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return HttpFailure::invalid_request;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
      return HttpFailure::tls;
    default:
      return HttpFailure::other;
  }
}

HttpResult failed(HttpFailure failure, std::string error) {
  HttpResult r;
  r.failure = failure;
  r.error = std::move(error);
  return r;
}

HttpResult perform(const HttpClient::Options& options, const HttpRequest& request, Clock::time_point start) {
  if (!is_token(request.method)) return failed(HttpFailure::invalid_request, "the method is not an HTTP token");
  for (const auto& [name, value] : request.headers)
    if (!is_token(name) || !is_header_value(value))
      return failed(HttpFailure::invalid_request, "header '" + name + "' has a malformed name or value");
  auto target = parse_target(request.url, "url");
  if (!target) {
    const auto& p = target.problem();
    return failed(HttpFailure::invalid_request, "url " + (p.errors.empty() ? p.detail : p.errors.front().message));
  }

  auto vetting = vet_target(*target, options.allow, options.resolver, request.total_timeout);
  switch (vetting.outcome) {
    case Vetting::Outcome::ok:
      break;
    case Vetting::Outcome::refused:
      return failed(HttpFailure::refused, std::move(vetting.message));
    case Vetting::Outcome::unresolvable:
    case Vetting::Outcome::dns_unavailable:
      return failed(HttpFailure::dns, std::move(vetting.message));
  }
  auto left = request.total_timeout - std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  if (left <= std::chrono::milliseconds(0))
    return failed(HttpFailure::timeout, "name resolution took the whole " +
                                            std::to_string(request.total_timeout.count()) + " ms");

  curl_init_once();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return failed(HttpFailure::other, "curl_easy_init failed");
  CURL* h = curl.get();

  SocketGate gate{.vetted = vetting.addresses};
  BodySink sink{.limit = request.max_response_bytes};
  char errors[CURL_ERROR_SIZE] = {};

  curl_slist* raw_headers = nullptr;
  for (const auto& [name, value] : request.headers)
    raw_headers = curl_slist_append(raw_headers, (name + ": " + value).c_str());
  // No "Expect: 100-continue": curl would wait up to a second for the go-ahead before a large body.
  raw_headers = curl_slist_append(raw_headers, "Expect:");
  std::unique_ptr<curl_slist, CurlDeleter> headers(raw_headers);
  std::unique_ptr<curl_slist, CurlDeleter> pins;
  if (options.pin_addresses && !target->literal)
    pins.reset(curl_slist_append(nullptr, resolve_entry(*target, vetting.addresses).c_str()));

  curl_easy_setopt(h, CURLOPT_URL, target->url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errors);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROXY, "");    // no proxy, whatever http_proxy and friends say
  curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::max<std::int64_t>(1, request.connect_timeout.count())));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(left.count()));
  curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, gated_open_socket);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &gate);
  if (pins) curl_easy_setopt(h, CURLOPT_RESOLVE, pins.get());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  if (request.method == "GET" && request.body.empty()) {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    if (request.method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  CURLcode code = curl_easy_perform(h);

  HttpResult r;
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  r.status = static_cast<int>(status);
  char* ip = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip) r.remote_address = ip;
  r.body = std::move(sink.body);
  r.body_truncated = sink.truncated;
  if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && sink.truncated)) {
    r.failure = HttpFailure::none;
  } else if (!gate.refused.empty()) {
    r.failure = HttpFailure::refused;
    r.error = "refused " + gate.refused;
    r.remote_address.clear();
  } else {
    r.failure = failure_of(code);
    r.error = errors[0] ? std::string(errors) : std::string(curl_easy_strerror(code));
  }
  return r;
}

}  // namespace

std::string_view to_string(HttpFailure failure) {
  switch (failure) {
    case HttpFailure::none: return "none";
    case HttpFailure::invalid_request: return "invalid_request";
    case HttpFailure::refused: return "refused";
    case HttpFailure::dns: return "dns";
    case HttpFailure::connect: return "connect";
    case HttpFailure::timeout: return "timeout";
    case HttpFailure::tls: return "tls";
    case HttpFailure::other: return "other";
  }
  return "other";
}

HttpClient::HttpClient(Options options) : options_(std::move(options)) {}

HttpResult HttpClient::send(const HttpRequest& request) const {
  auto start = Clock::now();
  HttpResult r;
  try {
    r = perform(options_, request, start);
  } catch (const std::exception& e) {  // e.g. no thread for the resolver: a failed delivery, not a crash
    r = failed(HttpFailure::other, e.what());
  }
  r.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  return r;
}

}  // namespace rapport::net
